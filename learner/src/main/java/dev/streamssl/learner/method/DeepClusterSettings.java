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
}
