package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.random.StreamRandom;

/**
 * The rotation pretext of DeeperCluster (Caron et al. 2019, after Gidaris et al. 2018): every image
 * is rotated by 0°, 90°, 180° or 270° (counter-clockwise), drawn uniformly per image, and the
 * rotation index is returned as the label. Batched: the four rotations of the (square) batch are
 * computed once and each image keeps the one its index selects.
 */
public final class RotationPolicy {
    private RotationPolicy() {}

    /** Rotated images and, per image, the rotation index k (k × 90°). */
    public record Rotated(NDArray images, int[] rotations) {}

    public static Rotated apply(NDArray images, StreamRandom random) {
        int batch = (int) images.getShape().get(0);
        int[] k = new int[batch];
        for (int i = 0; i < batch; i++) {
            k[i] = random.nextInt(4);
        }
        return new Rotated(rotate(images, k), k);
    }

    /** Rotates image i by k[i] × 90° counter-clockwise; (B, C, S, S) square images. */
    public static NDArray rotate(NDArray images, int[] k) {
        Shape shape = images.getShape();
        if (shape.get(2) != shape.get(3)) {
            throw new IllegalArgumentException("rotation needs square images, got " + shape);
        }
        NDManager m = images.getManager();
        // counter-clockwise 90°: transpose H and W, then flip rows
        NDArray r90 = images.transpose(0, 1, 3, 2).flip(2);
        NDArray r180 = images.flip(2, 3);
        NDArray r270 = images.transpose(0, 1, 3, 2).flip(3);
        NDArray[] rotations = {images, r90, r180, r270};
        NDArray out = images.zerosLike();
        for (int r = 0; r < 4; r++) {
            float[] mask = new float[k.length];
            for (int i = 0; i < k.length; i++) {
                mask[i] = k[i] == r ? 1f : 0f;
            }
            out = out.add(rotations[r].mul(m.create(mask, new Shape(k.length, 1, 1, 1))));
        }
        return out;
    }
}
