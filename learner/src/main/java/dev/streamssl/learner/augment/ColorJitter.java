package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.random.StreamRandom;

/**
 * Brightness and contrast jitter of torchvision's {@code ColorJitter}, per image, applied with a
 * probability: brightness multiplies by b ~ U[1-β, 1+β]; contrast blends with the image's mean grey
 * level, {@code x' = c·x + (1-c)·mean(grey(x))}, c ~ U[1-γ, 1+γ]; results are clamped to [0, 1].
 * Works for grey (C = 1) and RGB (C = 3, grey = 0.299 R + 0.587 G + 0.114 B).
 *
 * <p>Adapted: torchvision shuffles the order of its four jitters per image; this first set applies
 * brightness, then contrast. Saturation, hue and the random order come with the full augmentation
 * set.
 */
public final class ColorJitter {
    private ColorJitter() {}

    public static NDArray apply(NDArray images, AugmentationSettings s, StreamRandom random) {
        int batch = (int) images.getShape().get(0);
        float[] b = new float[batch];
        float[] c = new float[batch];
        for (int i = 0; i < batch; i++) {
            boolean on = random.bernoulli(s.jitterProbability());
            b[i] = on ? (float) random.uniform(1 - s.brightness(), 1 + s.brightness()) : 1f;
            c[i] = on ? (float) random.uniform(1 - s.contrast(), 1 + s.contrast()) : 1f;
        }
        return apply(images, b, c);
    }

    /** Applies given per-image brightness and contrast factors. */
    public static NDArray apply(NDArray images, float[] brightness, float[] contrast) {
        NDManager m = images.getManager();
        int batch = brightness.length;
        NDArray b = m.create(brightness, new Shape(batch, 1, 1, 1));
        NDArray c = m.create(contrast, new Shape(batch, 1, 1, 1));
        NDArray x = images.mul(b).clip(0f, 1f);
        // PyTorch's engine in DJL reduces over one axis at a time: flatten, then mean.
        NDArray meanGrey = grey(x).reshape(batch, -1).mean(new int[] {1}).reshape(batch, 1, 1, 1);
        return x.mul(c).add(meanGrey.mul(c.neg().add(1f))).clip(0f, 1f);
    }

    /** ITU-R 601 luma of RGB images, or the image itself when it has one channel; (B,1,H,W). */
    static NDArray grey(NDArray images) {
        if (images.getShape().get(1) == 1) {
            return images;
        }
        NDArray weights =
                images.getManager()
                        .create(new float[] {0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1));
        return images.mul(weights).sum(new int[] {1}, true);
    }
}
