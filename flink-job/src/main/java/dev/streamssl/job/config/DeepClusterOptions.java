package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * DeepCluster's settings (see {@code DeepClusterSettings}); DeeperCluster uses all but {@code
 * deepcluster.clusters} too.
 */
public final class DeepClusterOptions {
    private DeepClusterOptions() {}

    public static final ConfigOption<Integer> CLUSTERS =
            ConfigOptions.key("deepcluster.clusters")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "k of the k-means (10000 on ImageNet; about 10x the classes expected).");

    public static final ConfigOption<Integer> PCA_DIM =
            ConfigOptions.key("deepcluster.pca-dim")
                    .intType()
                    .defaultValue(256)
                    .withDescription(
                            "PCA dimension of the whitened features (256; capped at the encoder's"
                                    + " width).");

    public static final ConfigOption<Integer> RECLUSTER_STEPS =
            ConfigOptions.key("deepcluster.recluster-steps")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "R: steps between full re-clusterings of the feature memory (the"
                                    + " stream's epoch).");

    public static final ConfigOption<Integer> MEMORY_SIZE =
            ConfigOptions.key("deepcluster.memory-size")
                    .intType()
                    .defaultValue(4096)
                    .withDescription("M: recent features kept for re-clustering.");

    public static final ConfigOption<Integer> KMEANS_ITERATIONS =
            ConfigOptions.key("deepcluster.kmeans-iterations")
                    .intType()
                    .defaultValue(20)
                    .withDescription("Lloyd iterations of a re-clustering (20).");
}
