package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.streamssl.learner.random.StreamRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's {@code RandomApply([ColorJitter(b, c, s, h)], p)}, batched: with probability p an
 * image gets brightness b' ~ U[1−b, 1+b], contrast c' ~ U[1−c, 1+c], saturation s' ~ U[1−s, 1+s]
 * and hue shift h' ~ U[−h, h], applied in a random order drawn per image, as torchvision does. The
 * order is batched by running four slots: in slot k every image applies the operation its
 * permutation puts there (each operation is computed for the batch and kept where an image's mask
 * selects it), so no image is handled on its own.
 *
 * <p>For grey input (C = 1) saturation and hue are identities and are skipped.
 */
public final class ColorJitter {
    private static final int BRIGHTNESS = 0;
    private static final int CONTRAST = 1;
    private static final int SATURATION = 2;
    private static final int HUE = 3;

    private ColorJitter() {}

    /** The random draws for a batch: factors and each image's order of the four operations. */
    public record Draw(
            float[] brightness, float[] contrast, float[] saturation, float[] hue, int[][] order) {}

    public static Draw draw(int batch, AugmentationSettings s, StreamRandom random) {
        float[] b = new float[batch];
        float[] c = new float[batch];
        float[] sat = new float[batch];
        float[] h = new float[batch];
        int[][] order = new int[batch][];
        for (int i = 0; i < batch; i++) {
            boolean on = random.bernoulli(s.jitterProbability());
            b[i] = on ? (float) random.uniform(1 - s.brightness(), 1 + s.brightness()) : 1f;
            c[i] = on ? (float) random.uniform(1 - s.contrast(), 1 + s.contrast()) : 1f;
            sat[i] = on ? (float) random.uniform(1 - s.saturation(), 1 + s.saturation()) : 1f;
            h[i] = on ? (float) random.uniform(-s.hue(), s.hue()) : 0f;
            order[i] = permutation(random);
        }
        return new Draw(b, c, sat, h, order);
    }

    private static int[] permutation(StreamRandom random) {
        int[] p = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    public static NDArray apply(NDArray images, AugmentationSettings s, StreamRandom random) {
        int batch = (int) images.getShape().get(0);
        Draw d = draw(batch, s, random);
        if (s.jitterProbability() == 0) {
            return images;
        }
        boolean colour = images.getShape().get(1) == 3;
        boolean[] enabled = {
            s.brightness() > 0,
            s.contrast() > 0,
            colour && s.saturation() > 0,
            colour && s.hue() > 0
        };
        return apply(images, d, enabled);
    }

    /** Applies drawn factors; {@code enabled[op]} skips operations that are identities. */
    public static NDArray apply(NDArray images, Draw d, boolean[] enabled) {
        NDManager m = images.getManager();
        int batch = d.order().length;
        NDArray x = images;
        for (int slot = 0; slot < 4; slot++) {
            // each image takes the operation its order puts in this slot: group the images by
            // that operation (a disabled one counts as "unchanged", group -1), adjust each group
            // in one call, then put the images back in batch order
            List<List<Integer>> groups = new ArrayList<>();
            for (int g = 0; g < 5; g++) {
                groups.add(new ArrayList<>());
            }
            for (int i = 0; i < batch; i++) {
                int op = d.order()[i][slot];
                groups.get(enabled[op] ? op + 1 : 0).add(i);
            }
            if (groups.get(0).size() == batch) {
                continue;
            }
            NDList parts = new NDList();
            long[] back = new long[batch];
            int placed = 0;
            for (int g = 0; g < 5; g++) {
                List<Integer> group = groups.get(g);
                if (group.isEmpty()) {
                    continue;
                }
                long[] index = new long[group.size()];
                for (int k = 0; k < index.length; k++) {
                    index[k] = group.get(k);
                    back[group.get(k)] = placed++;
                }
                NDArray part = x.get(new NDIndex("{}", m.create(index)));
                if (g > 0) {
                    int op = g - 1;
                    part = adjust(op, part, ColorOps.perImage(m, pick(factors(d, op), index)));
                }
                parts.add(part);
            }
            x = NDArrays.concat(parts, 0).get(new NDIndex("{}", m.create(back)));
        }
        return x;
    }

    private static NDArray adjust(int op, NDArray x, NDArray factor) {
        return switch (op) {
            case BRIGHTNESS -> ColorOps.brightness(x, factor);
            case CONTRAST -> ColorOps.contrast(x, factor);
            case SATURATION -> ColorOps.saturation(x, factor);
            default -> ColorOps.hue(x, factor);
        };
    }

    private static float[] factors(Draw d, int op) {
        return switch (op) {
            case BRIGHTNESS -> d.brightness();
            case CONTRAST -> d.contrast();
            case SATURATION -> d.saturation();
            default -> d.hue();
        };
    }

    private static float[] pick(float[] values, long[] index) {
        float[] out = new float[index.length];
        for (int i = 0; i < index.length; i++) {
            out[i] = values[(int) index[i]];
        }
        return out;
    }
}
