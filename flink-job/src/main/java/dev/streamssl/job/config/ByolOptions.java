package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** BYOL's own settings (see {@code ByolSettings}). */
public final class ByolOptions {
    private ByolOptions() {}

    public static final ConfigOption<Double> MOMENTUM =
            ConfigOptions.key("byol.momentum")
                    .doubleType()
                    .defaultValue(0.99)
                    .withDescription(
                            "τ_base of the target EMA (0.996 in the paper for long runs, 0.99 for"
                                    + " short ones).");

    public static final ConfigOption<Integer> PROJECTION_HIDDEN_DIM =
            ConfigOptions.key("byol.projection-hidden-dim")
                    .intType()
                    .defaultValue(512)
                    .withDescription(
                            "Hidden width of projector and predictor (4096 in the paper).");

    public static final ConfigOption<Integer> PROJECTION_DIM =
            ConfigOptions.key("byol.projection-dim")
                    .intType()
                    .defaultValue(128)
                    .withDescription(
                            "Output dimension of projector and predictor (256 in the paper).");
}
