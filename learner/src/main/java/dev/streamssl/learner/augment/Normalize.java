package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Per-channel standardisation {@code (x - mean_c) / std_c} of a (B, C, H, W) batch. */
public final class Normalize {
    private Normalize() {}

    public static NDArray apply(NDArray images, float[] mean, float[] std) {
        int channels = (int) images.getShape().get(1);
        if (channels != mean.length) {
            throw new IllegalArgumentException(
                    "images have " + channels + " channels but normalization has " + mean.length);
        }
        Shape s = new Shape(1, channels, 1, 1);
        return images.sub(images.getManager().create(mean, s))
                .div(images.getManager().create(std, s));
    }
}
