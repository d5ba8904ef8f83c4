package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import dev.streamssl.learner.augment.SingleViewPolicy;
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
import java.util.Map;

/**
 * DeepCluster (Caron, Bojanowski, Joulin and Douze, "Deep Clustering for Unsupervised Learning of
 * Visual Features", ECCV 2018): the encoder's features are PCA-whitened and L2-normalised,
 * clustered by k-means, and a classifier on the encoder learns to predict each image's cluster from
 * an augmented view; better features make better clusters and vice versa.
 *
 * <p>The paper alternates epochs: compute the features of the whole data set with the network of
 * that moment, cluster them, then train one epoch on those fixed labels. On a stream, R steps are
 * an epoch ({@link EpochLabeler}):
 *
 * <ol>
 *   <li>every R steps (and at step 0) a frozen copy of the encoder and projector is taken; it
 *       re-embeds a memory of the M most recent un-augmented images (inference mode, BatchNorm with
 *       running statistics, as DeepCluster computes its clustering features with {@code
 *       model.eval()}), the {@link Whitening} is fit to those features, a full {@link KMeans}
 *       clusters them, and the classifier is re-initialised with its optimizer state, as the paper
 *       does every epoch ({@code normal(0, 0.01)}, bias 0);
 *   <li>every step, the batch's un-augmented images are embedded by the same frozen copy, so that
 *       an image's label does not depend on the steps taken since the epoch began; their features
 *       join the whitening's running statistics (refit every step, so it follows a drifting
 *       stream), each image's pseudo-label is its nearest centroid, and the {@link Centroids} move
 *       towards the batch by mini-batch k-means; empty clusters are refilled by splitting a
 *       populated one;
 *   <li>the classifier is trained on an augmented view with cross-entropy, each input weighted
 *       inversely to its cluster's size in the batch ({@link BalancedCrossEntropy}), the stream's
 *       form of the paper's uniform sampling over pseudo-labels.
 * </ol>
 *
 * The memory holds recent images rather than a uniform sample of the stream: the stream's stand-in
 * for "the data set" is what it shows now. Embeddings are the encoder's h; each carries its
 * cluster, which the paper has no need of (its clusters exist for the images of the epoch only). A
 * model snapshot carries the live network, whose features drift from the frozen copy's between
 * re-clusterings, so its clusters are carried over to the live network's features ({@link
 * SnapshotClusters}): at every snapshot the memory is embedded by both, the whitening is fit to the
 * live features, and each centroid is the mean of the live features of the images the clustering
 * labels with it now. The embedders then assign with one forward pass, the nearest centroid; the
 * trained classifier's argmax would do the same, but it is re-initialised at every re-clustering
 * and knows nothing for the steps after one.
 */
public final class DeepCluster extends ClusteringMethod {
    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "deepcluster",
                    "DeepCluster (Caron, Bojanowski, Joulin and Douze, ECCV 2018)",
                    DeepClusterSettings.OPTIONS,
                    Recipe.sgd(0.05, 1e-5),
                    Recipe.sgd(0.05, 1e-5),
                    DeepClusterSettings::from,
                    DeepCluster::new);

    private final DeepClusterSettings deepCluster;
    private final Network classifier;
    private final Whitening whitening;
    private final EpochLabeler labeler;
    private final Centroids centroids;
    private final ViewPolicy views;
    private int[] pseudoLabels;

    public DeepCluster(LearnerSettings settings) {
        this(settings, (DeepClusterSettings) settings.method());
    }

    private DeepCluster(LearnerSettings settings, DeepClusterSettings deepCluster) {
        super(settings, deepCluster.view());
        this.deepCluster = deepCluster;
        this.views = new SingleViewPolicy(deepCluster.view());
        int dim = (int) featureShape().get(1);
        int pca = Math.min(deepCluster.pcaDim(), dim);
        double decay = decayOver(deepCluster.memorySize(), settings.batchSize());
        this.classifier =
                addTrainedNetwork(
                        "classifier",
                        Linear.builder().setUnits(deepCluster.clusters()).build(),
                        featureShape());
        this.whitening = addComponent(new Whitening("whitening", dim, pca, decay));
        this.labeler = addEpochLabeler(deepCluster.memorySize());
        this.centroids =
                addComponent(new Centroids("centroids", deepCluster.clusters(), dim, decay));
        initOptimizer();
    }

    @Override
    protected ViewPolicy viewPolicy() {
        return views;
    }

    @Override
    protected void beforeViews(NDArray images) {
        labeler.remember(images);
        if (step() % deepCluster.reclusterSteps() == 0) {
            float[][] memory = labeler.refresh(images.getManager());
            whitening.fit(memory);
            KMeans.Result r =
                    KMeans.fit(
                            whitening.apply(memory),
                            deepCluster.clusters(),
                            deepCluster.kmeansIterations(),
                            random);
            centroids.reset(r.centroids(), r.sizes());
            reinitialize(classifier, 0.01);
        }
        float[][] h = labeler.features(images);
        whitening.observe(h);
        whitening.refit();
        pseudoLabels = centroids.update(whitening.apply(h), random);
    }

    @Override
    protected LossOutput loss(NDList views) {
        NDArray h = encoder.forward(views.get(0), true);
        NDArray logits = classifier.forward(project(h), true);
        return new LossOutput(
                BalancedCrossEntropy.compute(logits, pseudoLabels),
                h,
                MethodIndicators.clusters(entropyBits(pseudoLabels)));
    }

    @Override
    protected void exportClusters(Map<String, TensorData> out) {
        EpochLabeler.MemoryFeatures memory = memoryFeatures(labeler);
        SnapshotClusters live = new SnapshotClusters(memory.live(), whitening.rank());
        live.exportTransform(ClusterAssigner.PREFIX, out);
        live.exportCentroids(
                ClusterAssigner.PREFIX + "/centroids",
                centroids.assign(whitening.apply(memory.frozen())),
                deepCluster.clusters(),
                out);
    }
}
