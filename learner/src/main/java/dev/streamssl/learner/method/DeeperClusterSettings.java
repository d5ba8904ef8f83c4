package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.AugmentationSettings;

/**
 * DeeperCluster's own settings: the clustering of {@link DeepClusterSettings} in two levels.
 *
 * @param superClusters m, first-level clusters; with the 4 rotations they make 4m super-classes
 *     (the paper: 4 super-clusters × 4 rotations = 16)
 * @param subClusters sub-clusters within each super-cluster (the paper: 80 000)
 * @param clustering PCA dimension, re-clustering interval, memory and k-means iterations ({@code
 *     clusters} is m × sub-clusters)
 * @param view the training view before rotation (random resized crop and flip)
 */
public record DeeperClusterSettings(
        int superClusters,
        int subClusters,
        DeepClusterSettings clustering,
        AugmentationSettings view)
        implements MethodSettings {

    public DeeperClusterSettings {
        if (superClusters < 1 || subClusters < 2) {
            throw new IllegalArgumentException(
                    "deepercluster needs super-clusters >= 1 and sub-clusters >= 2, got "
                            + superClusters
                            + " and "
                            + subClusters);
        }
        if (clustering.clusters() != superClusters * subClusters) {
            throw new IllegalArgumentException("clusters must be super-clusters × sub-clusters");
        }
    }

    @Override
    public String methodName() {
        return "deepercluster";
    }

    @Override
    public String whyNotDataParallel() {
        return ClusteringReplicas.REFUSAL;
    }

    public static final MethodOption<Integer> SUPER_CLUSTERS =
            MethodOption.integer(
                    "deepercluster.super-clusters",
                    4,
                    "m: first-level clusters; with 4 rotations, 4m super-classes (the paper: 4).");
    public static final MethodOption<Integer> SUB_CLUSTERS =
            MethodOption.integer(
                    "deepercluster.sub-clusters",
                    25,
                    "Sub-clusters within each super-cluster (the paper: 80000).");
    public static final java.util.List<MethodOption<?>> OPTIONS =
            java.util.List.of(SUPER_CLUSTERS, SUB_CLUSTERS);

    /**
     * The settings from the job's configuration: the {@code deepcluster.*} options for the
     * clustering (m × sub-clusters centroids), DeepCluster's single view.
     */
    public static DeeperClusterSettings from(MethodConfig c) {
        int superClusters = c.get(SUPER_CLUSTERS);
        int subClusters = c.get(SUB_CLUSTERS);
        AugmentationSettings view = c.singleView("deepcluster");
        return new DeeperClusterSettings(
                superClusters,
                subClusters,
                DeepClusterSettings.withClusters(c, superClusters * subClusters, view),
                view);
    }
}
