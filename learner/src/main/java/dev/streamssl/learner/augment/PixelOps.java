package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import dev.streamssl.learner.random.StreamRandom;

/**
 * The per-image coin-flip operations of the view pipelines: random grayscale (RGB only; a grey
 * image is already grey) and BYOL's solarization, each applied to the images whose draw selects
 * them.
 */
public final class PixelOps {
    public static final float SOLARIZE_THRESHOLD = 0.5f;

    private PixelOps() {}

    public static NDArray randomGrayscale(NDArray images, double p, StreamRandom random) {
        float[] mask = coins(images, p, random);
        if (images.getShape().get(1) == 1 || !anySet(mask)) {
            return images;
        }
        return ColorOps.select(
                ColorOps.perImage(images.getManager(), mask), ColorOps.toGrey(images), images);
    }

    public static NDArray randomSolarize(NDArray images, double p, StreamRandom random) {
        float[] mask = coins(images, p, random);
        if (!anySet(mask)) {
            return images;
        }
        return ColorOps.select(
                ColorOps.perImage(images.getManager(), mask),
                ColorOps.solarize(images, SOLARIZE_THRESHOLD),
                images);
    }

    /** One draw per image, always made, so the generator advances the same way whatever p is. */
    private static float[] coins(NDArray images, double p, StreamRandom random) {
        float[] mask = new float[(int) images.getShape().get(0)];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.bernoulli(p) ? 1f : 0f;
        }
        return mask;
    }

    private static boolean anySet(float[] mask) {
        for (float v : mask) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }
}
