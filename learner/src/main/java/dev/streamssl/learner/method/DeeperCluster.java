package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.streamssl.learner.augment.RotatedViewPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.cluster.Centroids;
import dev.streamssl.learner.cluster.ClusterAssigner;
import dev.streamssl.learner.cluster.KMeans;
import dev.streamssl.learner.cluster.SnapshotClusters;
import dev.streamssl.learner.cluster.Whitening;
import dev.streamssl.learner.loss.BalancedCrossEntropy;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.optim.Recipe;
import dev.streamssl.learner.state.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * DeeperCluster (Caron, Bojanowski, Mairal and Joulin, "Unsupervised Pre-Training of Image Features
 * on Non-Curated Data", ICCV 2019): DeepCluster's clustering in two levels, combined with rotation
 * prediction (Gidaris et al. 2018). The features (of un-rotated images) are clustered into m
 * super-clusters, and each super-cluster's features into its own sub-clusters. Every training image
 * is rotated by r × 90° and its target is a pair:
 *
 * <pre>
 *   super-class = 4·c + r        (c its super-cluster; 4m super-classes, the official labelling)
 *   sub-class   = its sub-cluster within c
 *   L = CE(super-class head, 4c + r) + CE(sub-class head of super-class 4c + r, sub-class)
 * </pre>
 *
 * with one sub-class head per super-class, as the official code (the four rotations of a
 * super-cluster have separate heads over the same sub-clusters); the sub-class heads are one linear
 * layer of 4m × sub outputs of which each image uses its super-class's slice. Both levels of
 * centroids are learner state, with DeepCluster's stream adaptation ({@link DeepCluster}): every R
 * steps a frozen copy of the network re-embeds a memory of recent images and both levels are
 * re-clustered (heads re-initialised); in between, new images are labelled by that copy, with a
 * whitening of running statistics and mini-batch k-means, and each input's loss is weighted
 * inversely to the size of its (sub-)cluster in the batch. Embeddings are the encoder's h; each
 * carries its cluster c × sub + s, both levels carried over to the snapshot's live network as
 * DeepCluster's are ({@link SnapshotClusters}).
 */
public final class DeeperCluster extends ClusteringMethod {
    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "deepercluster",
                    "DeeperCluster (Caron, Bojanowski, Mairal and Joulin, ICCV 2019)",
                    DeeperClusterSettings.OPTIONS,
                    Recipe.sgd(0.05, 1e-5),
                    Recipe.sgd(0.1, 1e-5),
                    DeeperClusterSettings::from,
                    DeeperCluster::new);

    private static final int ROTATIONS = 4;

    private final DeeperClusterSettings deeper;
    private final Network superHead;
    private final Network subHeads;
    private final Whitening whitening;
    private final EpochLabeler labeler;
    private final Centroids superClusters;
    private final List<Centroids> subClusters = new ArrayList<>();
    private final ViewPolicy views;
    private int[] superLabels;
    private int[] subLabels;

    public DeeperCluster(LearnerSettings settings) {
        this(settings, (DeeperClusterSettings) settings.method());
    }

    private DeeperCluster(LearnerSettings settings, DeeperClusterSettings deeper) {
        super(settings, deeper.view());
        this.deeper = deeper;
        this.views = new RotatedViewPolicy(deeper.view());
        DeepClusterSettings c = deeper.clustering();
        int dim = (int) featureShape().get(1);
        int pca = Math.min(c.pcaDim(), dim);
        double decay = decayOver(c.memorySize(), settings.batchSize());
        int superClasses = ROTATIONS * deeper.superClusters();
        this.superHead =
                addTrainedNetwork(
                        "super-class-head",
                        Linear.builder().setUnits(superClasses).build(),
                        featureShape());
        this.subHeads =
                addTrainedNetwork(
                        "sub-class-heads",
                        Linear.builder()
                                .setUnits((long) superClasses * deeper.subClusters())
                                .build(),
                        featureShape());
        this.whitening = addComponent(new Whitening("whitening", dim, pca, decay));
        this.labeler = addEpochLabeler(c.memorySize());
        this.superClusters =
                addComponent(new Centroids("super-clusters", deeper.superClusters(), dim, decay));
        for (int s = 0; s < deeper.superClusters(); s++) {
            subClusters.add(
                    addComponent(
                            new Centroids("sub-clusters-" + s, deeper.subClusters(), dim, decay)));
        }
        initOptimizer();
    }

    @Override
    protected ViewPolicy viewPolicy() {
        return views;
    }

    @Override
    protected void beforeViews(NDArray images) {
        labeler.remember(images);
        if (step() % deeper.clustering().reclusterSteps() == 0) {
            recluster(labeler.refresh(images.getManager()));
        }
        float[][] h = labeler.features(images);
        whitening.observe(h);
        whitening.refit();
        float[][] z = whitening.apply(h);
        superLabels = superClusters.update(z, random);
        subLabels = subLabels(z, superLabels, (c, points) -> c.update(points, random));
    }

    /** Each point's sub-cluster within its super-cluster, by {@code label} (assign or update). */
    private int[] subLabels(
            float[][] z, int[] superLabels, BiFunction<Centroids, float[][], int[]> label) {
        int[] out = new int[z.length];
        for (int s = 0; s < deeper.superClusters(); s++) {
            List<Integer> members = membersOf(superLabels, s);
            if (members.isEmpty()) {
                continue;
            }
            int[] labels = label.apply(subClusters.get(s), select(z, members));
            for (int i = 0; i < labels.length; i++) {
                out[members.get(i)] = labels[i];
            }
        }
        return out;
    }

    /** Both levels of k-means on the memory's features; fresh heads with fresh optimizer state. */
    private void recluster(float[][] memory) {
        whitening.fit(memory);
        float[][] z = whitening.apply(memory);
        int iterations = deeper.clustering().kmeansIterations();
        KMeans.Result top = KMeans.fit(z, deeper.superClusters(), iterations, random);
        superClusters.reset(top.centroids(), top.sizes());
        for (int s = 0; s < deeper.superClusters(); s++) {
            List<Integer> members = membersOf(top.labels(), s);
            float[][] points = members.isEmpty() ? z : select(z, members);
            KMeans.Result sub = KMeans.fit(points, deeper.subClusters(), iterations, random);
            subClusters.get(s).reset(sub.centroids(), sub.sizes());
        }
        reinitialize(superHead, 0.01);
        reinitialize(subHeads, 0.01);
    }

    @Override
    protected LossOutput loss(NDList views) {
        NDArray view = views.get(0);
        int[] rotations = views.get(1).toIntArray();
        int n = rotations.length;
        int sub = deeper.subClusters();
        int[] superTargets = new int[n];
        int[] clusters = new int[n];
        long[] slice = new long[n * sub];
        for (int i = 0; i < n; i++) {
            superTargets[i] = superClass(superLabels[i], rotations[i]);
            clusters[i] = superLabels[i] * sub + subLabels[i];
            for (int j = 0; j < sub; j++) {
                slice[i * sub + j] = (long) superTargets[i] * sub + j;
            }
        }
        NDArray h = encoder.forward(view, true);
        NDArray z = project(h);
        NDArray superLogits = superHead.forward(z, true); // (N, 4m)
        NDArray allSub = subHeads.forward(z, true); // (N, 4m · sub)
        NDArray index =
                h.getManager().create(slice, new Shape(n, sub)).toType(DataType.INT64, false);
        NDArray subLogits = allSub.gather(index, 1); // (N, sub): the image's super-class's head
        // every (sub-)cluster carries the same weight in both terms
        float[] weights = BalancedCrossEntropy.weights(clusters);
        NDArray loss =
                BalancedCrossEntropy.weighted(superLogits, superTargets, weights)
                        .add(BalancedCrossEntropy.weighted(subLogits, subLabels, weights));
        return new LossOutput(loss, h, MethodIndicators.clusters(entropyBits(clusters)));
    }

    /** The super-class index of an image: 4 · super-cluster + rotation. */
    static int superClass(int superCluster, int rotation) {
        return ROTATIONS * superCluster + rotation;
    }

    private static List<Integer> membersOf(int[] labels, int cluster) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == cluster) {
                members.add(i);
            }
        }
        return members;
    }

    private static float[][] select(float[][] rows, List<Integer> members) {
        float[][] out = new float[members.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows[members.get(i)];
        }
        return out;
    }

    @Override
    protected void exportClusters(Map<String, TensorData> out) {
        EpochLabeler.MemoryFeatures memory = memoryFeatures(labeler);
        float[][] z = whitening.apply(memory.frozen());
        int[] superOf = superClusters.assign(z);
        int[] subOf = subLabels(z, superOf, Centroids::assign);
        int sub = deeper.subClusters();
        int[] clusterOf = new int[z.length];
        for (int i = 0; i < z.length; i++) {
            clusterOf[i] = superOf[i] * sub + subOf[i];
        }
        SnapshotClusters live = new SnapshotClusters(memory.live(), whitening.rank());
        live.exportTransform(ClusterAssigner.PREFIX, out);
        live.exportCentroids(
                ClusterAssigner.PREFIX + "/centroids", superOf, deeper.superClusters(), out);
        live.exportCentroids(
                ClusterAssigner.PREFIX + "/sub-centroids",
                clusterOf,
                deeper.superClusters() * sub,
                out);
    }
}
