package dev.streamssl.learner.method;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.augment.Normalize;
import dev.streamssl.learner.cluster.ClusterAssigner;
import dev.streamssl.learner.cluster.Matrices;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.VisionTransformer;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.torch.GradMode;

/**
 * The network that turns images into embeddings: the method's evaluation backbone (the trained
 * encoder for SimCLR, MoCo, BYOL and the clustering methods; the EMA teacher's backbone for DINO),
 * in inference mode (BatchNorm running statistics), on normalised but un-augmented input; and, for
 * the clustering methods, the cluster of each embedding. Embedders hold one and reload it whenever
 * a newer model snapshot arrives.
 */
public final class EvaluationNetwork implements AutoCloseable {
    /** Prefix of the encoder's tensors in a model snapshot. */
    public static final String ENCODER = "encoder";

    private final NDManager manager;
    private final Network encoder;
    private final float[] mean;
    private final float[] std;
    private final int channels;
    private final int imageSize;
    private final Architecture architecture;
    private ClusterAssigner assigner;
    private Network clusteringProjector;

    /** The evaluation network of a learner's encoder, on the learner's device. */
    public static EvaluationNetwork of(LearnerSettings learner, float[] mean, float[] std) {
        return new EvaluationNetwork(
                learner.architecture(),
                learner.channels(),
                learner.imageSize(),
                mean,
                std,
                Devices.resolve(learner.device()));
    }

    public EvaluationNetwork(
            Architecture architecture,
            int channels,
            int imageSize,
            float[] mean,
            float[] std,
            Device device) {
        this.manager = NDManager.newBaseManager(device);
        this.encoder =
                new Network(
                        ENCODER,
                        architecture.build(),
                        manager,
                        new Shape(2, channels, imageSize, imageSize),
                        new StreamRandom(0));
        this.mean = mean.clone();
        this.std = std.clone();
        this.channels = channels;
        this.imageSize = imageSize;
        this.architecture = architecture;
    }

    /** Side of the ViT's patch grid, or 0 when the encoder is not a Vision Transformer. */
    public int attentionGrid() {
        return architecture.vit() == null ? 0 : imageSize / architecture.vit().patchSize();
    }

    /**
     * For a ViT encoder, each image's last-block [CLS] attention over the patch grid, averaged over
     * heads (row-major, {@link #attentionGrid()}² values); null for the CNNs.
     */
    public float[][] clsAttention(ImageBatch batch) {
        if (architecture.vit() == null) {
            return null;
        }
        GradMode.disable();
        try (NDManager step = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = Normalize.apply(batch.toFloat(step), mean, std);
            NDArray maps = VisionTransformer.clsAttention(encoder, x, architecture.vit().heads());
            int cells = (int) maps.getShape().get(1);
            float[] flat = maps.toFloatArray();
            float[][] rows = new float[batch.size()][cells];
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(flat, i * cells, rows[i], 0, cells);
            }
            return rows;
        }
    }

    /**
     * Loads a model snapshot: the encoder's weights and, for the clustering methods, what assigns
     * clusters ({@link ClusterAssigner}).
     */
    public void load(NamedTensors snapshot) {
        encoder.load(snapshot);
        assigner = ClusterAssigner.from(snapshot);
        if (ClusteringMethod.carriesProjector(snapshot)) {
            if (clusteringProjector == null) {
                clusteringProjector = ClusteringMethod.assignmentProjector(manager, architecture);
            }
            clusteringProjector.load(snapshot);
        }
    }

    /**
     * The cluster of each embedding under the loaded snapshot, or null if it has no clusters. The
     * clustering methods cluster their projector's output, not the embedding h itself, so h goes
     * through that version's projector (inference mode) first.
     */
    public int[] clusters(float[][] embeddings) {
        if (assigner == null) {
            return null;
        }
        if (clusteringProjector == null) {
            return assigner.assign(embeddings);
        }
        GradMode.disable();
        try (NDManager step = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            int d = embeddings.length == 0 ? 0 : embeddings[0].length;
            NDArray h = step.create(Matrices.flatten(embeddings), new Shape(embeddings.length, d));
            return assigner.assign(ClusteringMethod.rows(clusteringProjector.forward(h, false)));
        }
    }

    /** Embeddings h of the batch, one row per image. */
    public float[][] embed(ImageBatch batch) {
        if (batch.channels() != channels
                || batch.height() != imageSize
                || batch.width() != imageSize) {
            throw new IllegalArgumentException(
                    "embedder expects "
                            + channels
                            + "×"
                            + imageSize
                            + "×"
                            + imageSize
                            + " images, got "
                            + batch.channels()
                            + "×"
                            + batch.height()
                            + "×"
                            + batch.width());
        }
        GradMode.disable();
        try (NDManager step = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = Normalize.apply(batch.toFloat(step), mean, std);
            NDArray h = encoder.forward(x, false);
            int dim = (int) h.getShape().get(1);
            float[] flat = h.toFloatArray();
            float[][] rows = new float[batch.size()][dim];
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(flat, i * dim, rows[i], 0, dim);
            }
            return rows;
        }
    }

    /**
     * Re-estimates the encoder's BatchNorm running statistics from {@code batch}: one forward pass
     * in training mode, without gradients, so that only the running means and variances move (each
     * by BatchNorm's momentum towards the batch's statistics; the weights stay). Called over enough
     * batches, the statistics are those of these images: an untrained encoder scored this way is a
     * fair baseline for a trained one, whose statistics training estimated on its views (at
     * initialisation they are 0 and 1, and BatchNorm does not normalise at all).
     */
    public void recalibrateBatchNorm(ImageBatch batch) {
        GradMode.disable();
        try (NDManager step = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            encoder.forward(Normalize.apply(batch.toFloat(step), mean, std), true);
        }
    }

    @Override
    public void close() {
        if (clusteringProjector != null) {
            clusteringProjector.close();
        }
        encoder.close();
        manager.close();
    }
}
