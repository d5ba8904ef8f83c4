package dev.streamssl.job.config;

import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Turns the {@code augment.*} options into view settings: the preset of a paper (by default the
 * method's own), then every set option overriding that value in both views.
 */
final class AugmentationConfig {
    private AugmentationConfig() {}

    static TwoViewAugmentation twoViews(Configuration c, int size, float[] mean, float[] std) {
        String preset = c.get(AugmentOptions.PRESET);
        if (preset == null) {
            preset = c.get(LearnerOptions.METHOD);
        }
        TwoViewAugmentation views =
                switch (preset) {
                    case "simclr" -> AugmentationPresets.simclr(size, mean, std);
                    case "moco" -> AugmentationPresets.moco(size, mean, std);
                    case "byol" -> AugmentationPresets.byol(size, mean, std);
                    case "dino" ->
                            throw new IllegalArgumentException(
                                    "option 'augment.preset' = 'dino' is DINO's multi-crop, which a two-view method"
                                            + " cannot use; allowed: simclr, moco, byol");
                    default ->
                            throw new IllegalArgumentException(
                                    "option 'augment.preset' = '"
                                            + preset
                                            + "' is not known; allowed: simclr, moco, byol");
                };
        return views.map(v -> override(c, v));
    }

    private static AugmentationSettings override(Configuration c, AugmentationSettings v) {
        AugmentationSettings.Builder b = v.toBuilder();
        b.cropScale(
                or(c, AugmentOptions.CROP_SCALE_MIN, v.cropScaleMin()),
                or(c, AugmentOptions.CROP_SCALE_MAX, v.cropScaleMax()));
        b.flipProbability(or(c, AugmentOptions.FLIP_PROBABILITY, v.flipProbability()));
        b.jitter(
                or(c, AugmentOptions.JITTER_PROBABILITY, v.jitterProbability()),
                or(c, AugmentOptions.BRIGHTNESS, v.brightness()),
                or(c, AugmentOptions.CONTRAST, v.contrast()),
                or(c, AugmentOptions.SATURATION, v.saturation()),
                or(c, AugmentOptions.HUE, v.hue()));
        b.grayscaleProbability(
                or(c, AugmentOptions.GRAYSCALE_PROBABILITY, v.grayscaleProbability()));
        b.blurProbability(or(c, AugmentOptions.BLUR_PROBABILITY, v.blurProbability()));
        b.solarizeProbability(or(c, AugmentOptions.SOLARIZE_PROBABILITY, v.solarizeProbability()));
        return b.build();
    }

    private static double or(Configuration c, ConfigOption<Double> option, double current) {
        Double value = c.get(option);
        return value == null ? current : value;
    }
}
