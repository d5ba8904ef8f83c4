package dev.streamssl.learner.augment;

import java.util.Arrays;

/**
 * Parameters of one view's augmentation pipeline, with the values of the papers as presets.
 *
 * @param outputSize side of the square view in pixels
 * @param cropScaleMin smallest crop area as a fraction of the image (RandomResizedCrop scale)
 * @param cropScaleMax largest crop area fraction
 * @param cropRatioMin smallest crop aspect ratio w/h
 * @param cropRatioMax largest crop aspect ratio w/h
 * @param flipProbability probability of a horizontal flip
 * @param jitterProbability probability that colour jitter is applied to an image
 * @param brightness brightness factor drawn from [1 - b, 1 + b]
 * @param contrast contrast factor drawn from [1 - c, 1 + c]
 * @param mean per-channel mean subtracted after augmentation
 * @param std per-channel standard deviation divided out after augmentation
 */
public record AugmentationSettings(
        int outputSize,
        double cropScaleMin,
        double cropScaleMax,
        double cropRatioMin,
        double cropRatioMax,
        double flipProbability,
        double jitterProbability,
        double brightness,
        double contrast,
        float[] mean,
        float[] std) {

    public AugmentationSettings {
        require(outputSize >= 4 && outputSize <= 1024, "outputSize", outputSize, "[4, 1024]");
        require(
                cropScaleMin > 0 && cropScaleMin <= cropScaleMax && cropScaleMax <= 1,
                "crop scale",
                cropScaleMin + ".." + cropScaleMax,
                "0 < min <= max <= 1");
        require(
                cropRatioMin > 0 && cropRatioMin <= cropRatioMax,
                "crop ratio",
                cropRatioMin + ".." + cropRatioMax,
                "0 < min <= max");
        require(
                flipProbability >= 0 && flipProbability <= 1,
                "flip probability",
                flipProbability,
                "[0, 1]");
        require(
                jitterProbability >= 0 && jitterProbability <= 1,
                "jitter probability",
                jitterProbability,
                "[0, 1]");
        require(brightness >= 0 && brightness < 1, "brightness", brightness, "[0, 1)");
        require(contrast >= 0 && contrast < 1, "contrast", contrast, "[0, 1)");
        require(
                mean.length == std.length && mean.length > 0,
                "mean/std channels",
                mean.length + "/" + std.length,
                "equal and non-empty");
        for (float s : std) {
            require(s > 0, "std", s, "> 0");
        }
    }

    /**
     * SimCLR's augmentation (Chen et al. 2020, appendix A): random resized crop with scale 0.08–1
     * and ratio 3/4–4/3, flip 0.5, colour jitter with strength s = 0.5 (the CIFAR value: brightness
     * = contrast = 0.8 s) applied with probability 0.8.
     */
    public static AugmentationSettings simclr(int outputSize, float[] mean, float[] std) {
        double s = 0.5;
        return new AugmentationSettings(
                outputSize, 0.08, 1.0, 3.0 / 4, 4.0 / 3, 0.5, 0.8, 0.8 * s, 0.8 * s, mean, std);
    }

    public AugmentationSettings withCropScale(double min, double max) {
        return new AugmentationSettings(
                outputSize,
                min,
                max,
                cropRatioMin,
                cropRatioMax,
                flipProbability,
                jitterProbability,
                brightness,
                contrast,
                mean,
                std);
    }

    public AugmentationSettings withJitter(double probability, double brightness, double contrast) {
        return new AugmentationSettings(
                outputSize,
                cropScaleMin,
                cropScaleMax,
                cropRatioMin,
                cropRatioMax,
                flipProbability,
                probability,
                brightness,
                contrast,
                mean,
                std);
    }

    public AugmentationSettings withFlipProbability(double p) {
        return new AugmentationSettings(
                outputSize,
                cropScaleMin,
                cropScaleMax,
                cropRatioMin,
                cropRatioMax,
                p,
                jitterProbability,
                brightness,
                contrast,
                mean,
                std);
    }

    private static void require(boolean ok, String name, Object value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "augmentation " + name + " = " + value + " is out of range; allowed: " + range);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AugmentationSettings a
                && outputSize == a.outputSize
                && cropScaleMin == a.cropScaleMin
                && cropScaleMax == a.cropScaleMax
                && cropRatioMin == a.cropRatioMin
                && cropRatioMax == a.cropRatioMax
                && flipProbability == a.flipProbability
                && jitterProbability == a.jitterProbability
                && brightness == a.brightness
                && contrast == a.contrast
                && Arrays.equals(mean, a.mean)
                && Arrays.equals(std, a.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + outputSize;
    }
}
