package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.AugmentationSettings;

/**
 * DeepCluster's own settings (and DeeperCluster's shared ones).
 *
 * @param clusters k, clusters of the k-means (10 000 on ImageNet; about 10× the classes a stream is
 *     expected to hold)
 * @param pcaDim PCA dimension of the whitened features (256 in the paper; at most the encoder's
 *     width)
 * @param reclusterSteps R, steps between two full re-clusterings of the feature memory (the
 *     stream's "every epoch"); the centroids move by mini-batch k-means in between
 * @param memorySize M, recent features kept for the re-clustering
 * @param kmeansIterations Lloyd iterations of a re-clustering (20 in the official code)
 * @param view the training view (random resized crop and flip)
 */
public record DeepClusterSettings(
        int clusters,
        int pcaDim,
        int reclusterSteps,
        int memorySize,
        int kmeansIterations,
        AugmentationSettings view)
        implements MethodSettings {

    public DeepClusterSettings {
        if (clusters < 2) {
            throw new IllegalArgumentException(
                    "deepcluster.clusters = " + clusters + " must be >= 2");
        }
        if (pcaDim < 1) {
            throw new IllegalArgumentException("deepcluster.pca-dim = " + pcaDim + " must be >= 1");
        }
        if (reclusterSteps < 1) {
            throw new IllegalArgumentException(
                    "deepcluster.recluster-steps = " + reclusterSteps + " must be >= 1");
        }
        if (memorySize < clusters) {
            throw new IllegalArgumentException(
                    "deepcluster.memory-size = "
                            + memorySize
                            + " must hold at least one feature per cluster ("
                            + clusters
                            + ")");
        }
        if (kmeansIterations < 1) {
            throw new IllegalArgumentException(
                    "deepcluster.kmeans-iterations = " + kmeansIterations + " must be >= 1");
        }
    }

    @Override
    public String methodName() {
        return "deepcluster";
    }

    @Override
    public String whyNotDataParallel() {
        return ClusteringReplicas.REFUSAL;
    }

    public static final MethodOption<Integer> CLUSTERS =
            MethodOption.integer(
                    "deepcluster.clusters",
                    100,
                    "k of the k-means (10000 on ImageNet; about 10x the classes expected).");
    public static final MethodOption<Integer> PCA_DIM =
            MethodOption.integer(
                    "deepcluster.pca-dim",
                    256,
                    "PCA dimension of the whitened features (256; capped at the encoder's width).");
    public static final MethodOption<Integer> RECLUSTER_STEPS =
            MethodOption.integer(
                    "deepcluster.recluster-steps",
                    100,
                    "R: steps between full re-clusterings of the feature memory (the stream's"
                            + " epoch).");
    public static final MethodOption<Integer> MEMORY_SIZE =
            MethodOption.integer(
                    "deepcluster.memory-size", 4096, "M: recent features kept for re-clustering.");
    public static final MethodOption<Integer> KMEANS_ITERATIONS =
            MethodOption.integer(
                    "deepcluster.kmeans-iterations",
                    20,
                    "Lloyd iterations of a re-clustering (20).");
    public static final java.util.List<MethodOption<?>> OPTIONS =
            java.util.List.of(CLUSTERS, PCA_DIM, RECLUSTER_STEPS, MEMORY_SIZE, KMEANS_ITERATIONS);

    /** The settings from the job's configuration, with DeepCluster's single view. */
    public static DeepClusterSettings from(MethodConfig c) {
        return withClusters(c, c.get(CLUSTERS), c.singleView("deepcluster"));
    }

    /**
     * The clustering with {@code clusters} centroids and the other {@code deepcluster.*} options
     * (DeeperCluster clusters this way too, with its own count).
     */
    static DeepClusterSettings withClusters(
            MethodConfig c, int clusters, AugmentationSettings view) {
        return new DeepClusterSettings(
                clusters,
                c.get(PCA_DIM),
                c.get(RECLUSTER_STEPS),
                c.get(MEMORY_SIZE),
                c.get(KMEANS_ITERATIONS),
                view);
    }
}
