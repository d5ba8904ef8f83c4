package dev.streamssl.job.config;

import dev.streamssl.learner.augment.AugmentationPreset;
import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.MultiCropAugmentation;
import dev.streamssl.learner.augment.Presets;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Turns the {@code augment.*} options into view settings: the preset of a paper from the registry
 * ({@link Presets}; by default the method's own), then every set option overriding that value in
 * every view. For multi-crop the crop-scale options apply to the global views only; the local views
 * are sized by the method's own options ({@code dino.local-*}).
 */
final class AugmentationConfig {
    private AugmentationConfig() {}

    static TwoViewAugmentation twoViews(
            Configuration c, String defaultPreset, int size, float[] mean, float[] std) {
        String name = presetName(c, defaultPreset);
        AugmentationPreset preset = Presets.find(name).orElse(null);
        if (!(preset instanceof AugmentationPreset.TwoViews two)) {
            throw new IllegalArgumentException(
                    "option 'augment.preset' = '"
                            + name
                            + (preset instanceof AugmentationPreset.MultiCrop
                                    ? "' is multi-crop, which a two-view method cannot use"
                                    : "' is not known")
                            + "; allowed: "
                            + String.join(", ", Presets.names(AugmentationPreset.TwoViews.class))
                            + " (and for the clustering methods "
                            + String.join(", ", Presets.names(AugmentationPreset.OneView.class))
                            + ")");
        }
        return two.factory().create(size, mean, std).map(v -> override(c, v, true));
    }

    /**
     * The one training view of a clustering method: its own preset ({@code deepcluster}, {@code
     * selflabel}) or the first view of a two-view preset, with the overrides applied.
     */
    static AugmentationSettings singleView(
            Configuration c, String defaultPreset, int size, float[] mean, float[] std) {
        String name = presetName(c, defaultPreset);
        AugmentationSettings view =
                Presets.find(name).orElse(null) instanceof AugmentationPreset.OneView one
                        ? one.factory().create(size, mean, std)
                        : twoViews(c, name, size, mean, std).first();
        return override(c, view, true);
    }

    /**
     * Multi-crop views: the preset's ({@code augment.preset}, else the method's own {@code
     * defaultPreset}) with the method's local-view sizes, then the overrides (crop scale on the
     * global views only).
     */
    static MultiCropAugmentation multiCrop(
            Configuration c,
            String defaultPreset,
            int size,
            int localSize,
            int localCrops,
            double localScaleMax,
            float[] mean,
            float[] std) {
        String name = presetName(c, defaultPreset);
        if (!(Presets.find(name).orElse(null) instanceof AugmentationPreset.MultiCrop multi)) {
            throw new IllegalArgumentException(
                    "option 'augment.preset' = '"
                            + name
                            + "' is not a multi-crop preset; a multi-crop method takes: "
                            + String.join(", ", Presets.names(AugmentationPreset.MultiCrop.class)));
        }
        MultiCropAugmentation views =
                multi.factory().create(size, localSize, localCrops, localScaleMax, mean, std);
        return new MultiCropAugmentation(
                override(c, views.global1(), true),
                override(c, views.global2(), true),
                override(c, views.local(), false),
                views.localCount());
    }

    /** {@code augment.preset}, else the method's own. */
    private static String presetName(Configuration c, String defaultPreset) {
        String preset = c.get(AugmentOptions.PRESET);
        return preset == null ? defaultPreset : preset;
    }

    private static AugmentationSettings override(
            Configuration c, AugmentationSettings v, boolean cropScale) {
        AugmentationSettings.Builder b = v.toBuilder();
        if (cropScale) {
            b.cropScale(
                    or(c, AugmentOptions.CROP_SCALE_MIN, v.cropScaleMin()),
                    or(c, AugmentOptions.CROP_SCALE_MAX, v.cropScaleMax()));
        }
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
