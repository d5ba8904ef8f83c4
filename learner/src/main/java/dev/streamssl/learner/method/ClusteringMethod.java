package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.Normalize;
import dev.streamssl.learner.cluster.ClusterAssigner;
import dev.streamssl.learner.cluster.RowMemory;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import dev.streamssl.learner.torch.GradMode;
import java.util.Map;

/**
 * What the three clustering methods share: the trained encoder (the network they embed with), a
 * projector between it and the classifiers, the projected features of the un-augmented batch in
 * inference mode (BatchNorm with running statistics, as DeepCluster computes its clustering
 * features with {@code model.eval()}), and the entropy of the batch's cluster sizes, their collapse
 * indicator.
 *
 * <p>The projector (Linear 512 → BN → ReLU → Linear 128) plays the part of AlexNet's fc6–fc7 in
 * DeepCluster, whose clustering features are fc7 and whose classifier sits on top of it, while the
 * representation that transfers is the convolutional one below. Without it the classifiers sit on
 * the encoder's output itself, the representation the embedders use; measured on Fashion-MNIST,
 * that pulled the kNN accuracy of the embeddings down faster.
 */
abstract class ClusteringMethod extends AbstractMethod {
    static final int PROJECTOR_HIDDEN = 512;
    static final int PROJECTION_DIM = 128;

    /** Name of the projector's tensors in a model snapshot, beside the clusters'. */
    static final String ASSIGNMENT_PROJECTOR = ClusterAssigner.PREFIX + "/projector";

    protected final Network encoder;
    protected final Network projector;
    private final float[] mean;
    private final float[] std;

    protected ClusteringMethod(LearnerSettings settings, AugmentationSettings view) {
        super(settings);
        int size = view.outputSize();
        this.encoder =
                addTrainedNetwork(
                        EvaluationNetwork.ENCODER,
                        settings.architecture().build(),
                        new Shape(2, settings.channels(), size, size));
        this.projector =
                addTrainedNetwork(
                        "projector",
                        ProjectionHead.build(PROJECTOR_HIDDEN, PROJECTION_DIM),
                        new Shape(2, settings.architecture().featureDim()));
        this.mean = view.mean();
        this.std = view.std();
    }

    /**
     * A labeler for DeepCluster's stream epochs: frozen copies of the encoder and projector,
     * checkpointed with the learner, and a memory of the {@code memorySize} most recent images.
     */
    protected final EpochLabeler addEpochLabeler(int memorySize) {
        int size = settings.imageSize();
        int channels = settings.channels();
        Network frozenEncoder =
                addFrozenCopy(
                        "labeler-encoder",
                        encoder,
                        settings.architecture().build(),
                        new Shape(2, channels, size, size));
        Network frozenProjector =
                addFrozenCopy(
                        "labeler-projector",
                        projector,
                        ProjectionHead.build(PROJECTOR_HIDDEN, PROJECTION_DIM),
                        new Shape(2, settings.architecture().featureDim()));
        RowMemory images =
                addComponent(new RowMemory("image-memory", memorySize, channels * size * size));
        return new EpochLabeler(
                encoder,
                projector,
                frozenEncoder,
                frozenProjector,
                images,
                new long[] {channels, size, size},
                mean,
                std,
                settings.batchSize());
    }

    /** Projected features of a view in training mode: what the classifiers see. */
    protected final NDArray project(NDArray h) {
        return projector.forward(h, true);
    }

    /**
     * The clusters exist once the method has trained: a snapshot of the initial weights (version 0)
     * carries none, so its embeddings have no cluster rather than a meaningless one.
     */
    @Override
    protected final void exportAssignment(Map<String, TensorData> out) {
        if (step() > 0) {
            out.putAll(projector.export(ASSIGNMENT_PROJECTOR).asMap());
            exportClusters(out);
        }
    }

    /** Whether a model snapshot carries the projector its clusters are assigned through. */
    static boolean carriesProjector(NamedTensors snapshot) {
        return snapshot.asMap().keySet().stream().anyMatch(k -> k.startsWith(ASSIGNMENT_PROJECTOR));
    }

    /** An empty projector of the clustering methods' shape, to load from a model snapshot. */
    static Network assignmentProjector(NDManager manager, Architecture architecture) {
        return new Network(
                ASSIGNMENT_PROJECTOR,
                ProjectionHead.build(PROJECTOR_HIDDEN, PROJECTION_DIM),
                manager,
                new Shape(2, architecture.featureDim()),
                new StreamRandom(0));
    }

    /**
     * The features the clustering sees for a batch (the projector's output in inference mode), one
     * row per image: what a snapshot's clusters are assigned from.
     */
    final float[][] clusteringFeatures(ImageBatch batch) {
        TrainingLock.LOCK.lock();
        try (NDManager step = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            GradMode.disable();
            return rows(projectedInInference(modelInput(batch, step)));
        } finally {
            TrainingLock.LOCK.unlock();
        }
    }

    /** The tensors a {@code ClusterAssigner} needs, named {@code assign/...}. */
    protected abstract void exportClusters(Map<String, TensorData> out);

    /**
     * The features of the labeler's memory by its frozen copy and by the live networks, for a
     * snapshot's clusters ({@link dev.streamssl.learner.cluster.SnapshotClusters}): two inference
     * passes over the memory per snapshot.
     */
    protected final EpochLabeler.MemoryFeatures memoryFeatures(EpochLabeler labeler) {
        TrainingLock.LOCK.lock();
        try (NDManager part = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            GradMode.disable();
            return labeler.memoryFeatures(part);
        } finally {
            TrainingLock.LOCK.unlock();
        }
    }

    /** Shape of the projected features the classifiers and the clustering see. */
    protected final Shape featureShape() {
        return new Shape(2, PROJECTION_DIM);
    }

    /** The projected features (N, 128) of the un-augmented images, in inference mode. */
    protected final NDArray projectedInInference(NDArray images) {
        return projector.forward(encoder.forward(Normalize.apply(images, mean, std), false), false);
    }

    static float[][] rows(NDArray matrix) {
        int n = (int) matrix.getShape().get(0);
        int d = (int) matrix.getShape().get(1);
        float[] flat = matrix.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /**
     * Entropy in bits of the cluster sizes among the labels: log₂(k) when balanced, 0 collapsed.
     */
    static double entropyBits(int[] labels) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int y : labels) {
            counts.merge(y, 1, Integer::sum);
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / labels.length;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    /** The decay of running statistics that keeps about the memory's span of images. */
    static double decayOver(int memorySize, int batchSize) {
        return Math.max(0, 1 - (double) batchSize / memorySize);
    }
}
