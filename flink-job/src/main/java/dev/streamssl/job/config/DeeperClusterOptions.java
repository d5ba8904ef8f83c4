package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** DeeperCluster's own settings; its clustering takes the other {@code deepcluster.*} options. */
public final class DeeperClusterOptions {
    private DeeperClusterOptions() {}

    public static final ConfigOption<Integer> SUPER_CLUSTERS =
            ConfigOptions.key("deepercluster.super-clusters")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "m: first-level clusters; with 4 rotations, 4m super-classes (the paper:"
                                    + " 4).");

    public static final ConfigOption<Integer> SUB_CLUSTERS =
            ConfigOptions.key("deepercluster.sub-clusters")
                    .intType()
                    .defaultValue(25)
                    .withDescription("Sub-clusters within each super-cluster (the paper: 80000).");
}
