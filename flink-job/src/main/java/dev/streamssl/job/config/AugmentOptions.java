package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Overrides of the method's augmentation preset; unset options keep the paper's value. */
public final class AugmentOptions {
    private AugmentOptions() {}

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
}
