package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** SimCLR's own settings. */
public final class SimClrOptions {
    private SimClrOptions() {}

    public static final ConfigOption<Double> TEMPERATURE =
            ConfigOptions.key("simclr.temperature")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription("NT-Xent temperature τ, in (0, 10].");

    public static final ConfigOption<Integer> PROJECTION_HIDDEN_DIM =
            ConfigOptions.key("simclr.projection-hidden-dim")
                    .intType()
                    .defaultValue(512)
                    .withDescription("Hidden width of the projection head g.");

    public static final ConfigOption<Integer> PROJECTION_DIM =
            ConfigOptions.key("simclr.projection-dim")
                    .intType()
                    .defaultValue(128)
                    .withDescription("Output dimension of the projection head g.");
}
