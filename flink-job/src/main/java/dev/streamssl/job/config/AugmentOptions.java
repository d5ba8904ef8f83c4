package dev.streamssl.job.config;

import dev.streamssl.learner.augment.AugmentationPreset;
import dev.streamssl.learner.augment.Presets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Overrides of the method's augmentation preset; unset options keep the paper's value. */
public final class AugmentOptions {
    private AugmentOptions() {}

    public static final ConfigOption<String> PRESET =
            ConfigOptions.key("augment.preset")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "View pipelines of a paper: "
                                    + kinds()
                                    + "; default: the method's own.");

    public static final ConfigOption<Double> CROP_SCALE_MIN =
            ConfigOptions.key("augment.crop-scale-min")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Smallest random-resized-crop area fraction (SimCLR: 0.08).");

    public static final ConfigOption<Double> CROP_SCALE_MAX =
            ConfigOptions.key("augment.crop-scale-max")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Largest random-resized-crop area fraction (SimCLR: 1.0).");

    public static final ConfigOption<Double> FLIP_PROBABILITY =
            ConfigOptions.key("augment.flip-probability")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Horizontal flip probability (SimCLR: 0.5).");

    public static final ConfigOption<Double> JITTER_PROBABILITY =
            ConfigOptions.key("augment.jitter-probability")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Colour jitter probability (SimCLR: 0.8).");

    public static final ConfigOption<Double> BRIGHTNESS =
            ConfigOptions.key("augment.brightness")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Brightness jitter strength (SimCLR CIFAR: 0.4).");

    public static final ConfigOption<Double> CONTRAST =
            ConfigOptions.key("augment.contrast")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Contrast jitter strength (SimCLR CIFAR: 0.4).");

    public static final ConfigOption<Double> SATURATION =
            ConfigOptions.key("augment.saturation")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Saturation jitter strength (RGB input only).");

    public static final ConfigOption<Double> HUE =
            ConfigOptions.key("augment.hue")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Hue jitter strength in turns, at most 0.5 (RGB input only).");

    public static final ConfigOption<Double> GRAYSCALE_PROBABILITY =
            ConfigOptions.key("augment.grayscale-probability")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Random grayscale probability (RGB input only).");

    public static final ConfigOption<Double> BLUR_PROBABILITY =
            ConfigOptions.key("augment.blur-probability")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Gaussian blur probability (both views).");

    public static final ConfigOption<Double> SOLARIZE_PROBABILITY =
            ConfigOptions.key("augment.solarize-probability")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Solarization probability (both views).");

    /** The registered presets by kind: {@code simclr, moco (two views), ...}. */
    private static String kinds() {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (AugmentationPreset p : Presets.ALL) {
            byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p.name());
        }
        List<String> out = new ArrayList<>();
        byKind.forEach((kind, names) -> out.add(String.join(", ", names) + " (" + kind + ")"));
        return String.join("; ", out);
    }
}
