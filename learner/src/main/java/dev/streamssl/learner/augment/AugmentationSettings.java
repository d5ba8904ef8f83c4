package dev.streamssl.learner.augment;

import java.util.Arrays;

/**
 * Parameters of one view's augmentation pipeline. The presets with the papers' values are in {@link
 * AugmentationPresets}; {@link #toBuilder()} changes single values.
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
 * @param saturation saturation factor drawn from [1 - s, 1 + s] (RGB only)
 * @param hue hue shift drawn from [-h, h] in turns, h ≤ 0.5 (RGB only)
 * @param grayscaleProbability probability of converting to grey (RGB only)
 * @param blurProbability probability of a Gaussian blur
 * @param blurSigmaMin smallest blur σ, in pixels of a 224-pixel view (scaled with the size)
 * @param blurSigmaMax largest blur σ, in pixels of a 224-pixel view (scaled with the size)
 * @param solarizeProbability probability of solarization (x ≥ 0.5 → 1 − x)
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
        double saturation,
        double hue,
        double grayscaleProbability,
        double blurProbability,
        double blurSigmaMin,
        double blurSigmaMax,
        double solarizeProbability,
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
        probability("flip probability", flipProbability);
        probability("jitter probability", jitterProbability);
        probability("grayscale probability", grayscaleProbability);
        probability("blur probability", blurProbability);
        probability("solarize probability", solarizeProbability);
        require(brightness >= 0 && brightness < 1, "brightness", brightness, "[0, 1)");
        require(contrast >= 0 && contrast < 1, "contrast", contrast, "[0, 1)");
        require(saturation >= 0 && saturation < 1, "saturation", saturation, "[0, 1)");
        require(hue >= 0 && hue <= 0.5, "hue", hue, "[0, 0.5]");
        require(
                blurSigmaMin > 0 && blurSigmaMin <= blurSigmaMax,
                "blur sigma",
                blurSigmaMin + ".." + blurSigmaMax,
                "0 < min <= max");
        require(
                mean.length == std.length && mean.length > 0,
                "mean/std channels",
                mean.length + "/" + std.length,
                "equal and non-empty");
        for (float s : std) {
            require(s > 0, "std", s, "> 0");
        }
    }

    public static Builder builder(int outputSize, float[] mean, float[] std) {
        return new Builder(outputSize, mean, std);
    }

    public Builder toBuilder() {
        return new Builder(outputSize, mean, std)
                .cropScale(cropScaleMin, cropScaleMax)
                .cropRatio(cropRatioMin, cropRatioMax)
                .flipProbability(flipProbability)
                .jitter(jitterProbability, brightness, contrast, saturation, hue)
                .grayscaleProbability(grayscaleProbability)
                .blur(blurProbability, blurSigmaMin, blurSigmaMax)
                .solarizeProbability(solarizeProbability);
    }

    /** Builds settings; unset operations are off, the crop covers the whole image. */
    public static final class Builder {
        private int outputSize;
        private final float[] mean;
        private final float[] std;
        private double cropScaleMin = 1;
        private double cropScaleMax = 1;
        private double cropRatioMin = 1;
        private double cropRatioMax = 1;
        private double flipProbability;
        private double jitterProbability;
        private double brightness;
        private double contrast;
        private double saturation;
        private double hue;
        private double grayscaleProbability;
        private double blurProbability;
        private double blurSigmaMin = 0.1;
        private double blurSigmaMax = 2.0;
        private double solarizeProbability;

        private Builder(int outputSize, float[] mean, float[] std) {
            this.outputSize = outputSize;
            this.mean = mean.clone();
            this.std = std.clone();
        }

        public Builder outputSize(int size) {
            this.outputSize = size;
            return this;
        }

        public Builder cropScale(double min, double max) {
            this.cropScaleMin = min;
            this.cropScaleMax = max;
            return this;
        }

        public Builder cropRatio(double min, double max) {
            this.cropRatioMin = min;
            this.cropRatioMax = max;
            return this;
        }

        public Builder flipProbability(double p) {
            this.flipProbability = p;
            return this;
        }

        public Builder jitter(
                double p, double brightness, double contrast, double saturation, double hue) {
            this.jitterProbability = p;
            this.brightness = brightness;
            this.contrast = contrast;
            this.saturation = saturation;
            this.hue = hue;
            return this;
        }

        public Builder grayscaleProbability(double p) {
            this.grayscaleProbability = p;
            return this;
        }

        public Builder blur(double p, double sigmaMin, double sigmaMax) {
            this.blurProbability = p;
            this.blurSigmaMin = sigmaMin;
            this.blurSigmaMax = sigmaMax;
            return this;
        }

        public Builder blurProbability(double p) {
            this.blurProbability = p;
            return this;
        }

        public Builder solarizeProbability(double p) {
            this.solarizeProbability = p;
            return this;
        }

        public AugmentationSettings build() {
            return new AugmentationSettings(
                    outputSize,
                    cropScaleMin,
                    cropScaleMax,
                    cropRatioMin,
                    cropRatioMax,
                    flipProbability,
                    jitterProbability,
                    brightness,
                    contrast,
                    saturation,
                    hue,
                    grayscaleProbability,
                    blurProbability,
                    blurSigmaMin,
                    blurSigmaMax,
                    solarizeProbability,
                    mean,
                    std);
        }
    }

    private static void probability(String name, double p) {
        require(p >= 0 && p <= 1, name, p, "[0, 1]");
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
                && toBuilderKey().equals(a.toBuilderKey())
                && Arrays.equals(mean, a.mean)
                && Arrays.equals(std, a.std);
    }

    @Override
    public int hashCode() {
        return toBuilderKey().hashCode();
    }

    private java.util.List<Double> toBuilderKey() {
        return java.util.List.of(
                (double) outputSize,
                cropScaleMin,
                cropScaleMax,
                cropRatioMin,
                cropRatioMax,
                flipProbability,
                jitterProbability,
                brightness,
                contrast,
                saturation,
                hue,
                grayscaleProbability,
                blurProbability,
                blurSigmaMin,
                blurSigmaMax,
                solarizeProbability);
    }
}
