package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.streamssl.learner.augment.MultiCropAugmentation;
import dev.streamssl.learner.augment.MultiCropPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.loss.L2Normalize;
import dev.streamssl.learner.loss.SwavLoss;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.optim.Recipe;
import dev.streamssl.learner.state.KeyQueue;
import dev.streamssl.learner.torch.GradMode;
import java.util.List;

/**
 * SwAV (Caron, Misra, Mairal, Goyal, Bojanowski and Joulin, "Unsupervised Learning of Visual
 * Features by Contrasting Cluster Assignments", NeurIPS 2020), the online successor of DeepCluster:
 * instead of re-clustering a dataset every epoch, each batch is assigned to K learnable prototypes
 * under an equipartition constraint (Sinkhorn-Knopp, ε 0.05, 3 iterations) and every crop predicts
 * the codes of the other views (swapped prediction, see {@link SwavLoss}). Encoder, projection MLP,
 * L2 normalisation and the prototypes C (a linear layer without bias whose rows are renormalised to
 * unit length after every update) are trained; multi-crop gives two global and M local views; codes
 * are computed for the global views only. Embeddings are the backbone's output.
 *
 * <p>On the stream:
 *
 * <ul>
 *   <li>The official code keeps, per global crop, a queue of the last projections to compute codes
 *       over more points than a small batch holds, starting it after 15 epochs and using it once it
 *       is full. Here the queues ({@link KeyQueue}s, in the checkpoint) fill from the first step
 *       and are used as soon as they hold only real projections: a stream has no epoch 15.
 *   <li>The prototypes are frozen for the first {@code swav.freeze-prototypes-steps} steps (the
 *       official code: the first epoch's iterations).
 *   <li>Multi-crop is there ({@code swav.local-crops}) but off by default: on 28-pixel images a
 *       local crop of 5–14 % of the image is a few pixels blown up, and 2 local views took kNN from
 *       0.7815 to 0.7155 after 32 768 images (docs/benchmarks.md).
 *   <li>The official code normalises the prototypes at the start of each step; here right after
 *       each update (and at creation). Nothing changes them in between, so every step sees the same
 *       prototypes, and the checkpointed ones are always normalised.
 * </ul>
 */
public final class Swav extends AbstractMethod {
    private static final String PROTOTYPES = "prototypes";

    public static final MethodOption<Integer> PROTOTYPES_COUNT =
            MethodOption.integer(
                    "swav.prototypes", 300, "K, prototypes (3000 in the paper for ImageNet).");
    public static final MethodOption<Double> TEMPERATURE =
            MethodOption.real(
                    "swav.temperature", 0.1, "τ of the swapped prediction's softmax (0.1).");
    public static final MethodOption<Double> EPSILON =
            MethodOption.real(
                    "swav.epsilon", 0.05, "ε, entropy regularisation of the codes (0.05).");
    public static final MethodOption<Integer> SINKHORN_ITERATIONS =
            MethodOption.integer(
                    "swav.sinkhorn-iterations", 3, "Sinkhorn-Knopp iterations per code (3).");
    public static final MethodOption<Integer> QUEUE_SIZE =
            MethodOption.integer(
                    "swav.queue-size",
                    1024,
                    "Projections per global crop kept to compute codes over (3840 in the paper at"
                            + " batch 256); 0 = no queue.");
    public static final MethodOption<Long> FREEZE_PROTOTYPES_STEPS =
            MethodOption.longInteger(
                    "swav.freeze-prototypes-steps",
                    50,
                    "Steps during which the prototypes are not updated (the paper: one epoch).");
    public static final MethodOption<Integer> PROJECTION_HIDDEN_DIM =
            MethodOption.integer(
                    "swav.projection-hidden-dim",
                    512,
                    "Hidden width of the projection MLP (2048 in the paper).");
    public static final MethodOption<Integer> PROJECTION_DIM =
            MethodOption.integer(
                    "swav.projection-dim", 128, "Dimension of projections and prototypes (128).");
    public static final MethodOption<Integer> LOCAL_CROPS =
            MethodOption.integer(
                    "swav.local-crops",
                    0,
                    "Local views per image besides the two global ones (6 in the paper; 0 by"
                            + " default: on 28-pixel images they lowered kNN, docs/benchmarks.md).");
    public static final MethodOption<Integer> LOCAL_SIZE =
            MethodOption.integer(
                    "swav.local-size",
                    12,
                    "Side of the local views (96 for 224-pixel globals; a multiple of"
                            + " vit.patch-size for a ViT).");
    public static final MethodOption<Double> LOCAL_CROP_SCALE_MAX =
            MethodOption.real(
                    "swav.local-crop-scale-max",
                    0.14,
                    "Largest area of a local crop and smallest of a global one (0.14).");

    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "swav",
                    "SwAV (Caron et al., NeurIPS 2020)",
                    List.of(
                            PROTOTYPES_COUNT,
                            TEMPERATURE,
                            EPSILON,
                            SINKHORN_ITERATIONS,
                            QUEUE_SIZE,
                            FREEZE_PROTOTYPES_STEPS,
                            PROJECTION_HIDDEN_DIM,
                            PROJECTION_DIM,
                            LOCAL_CROPS,
                            LOCAL_SIZE,
                            LOCAL_CROP_SCALE_MAX),
                    // small: SGD 0.1, wd 1e-6: under LARS (solo-learn's 0.6, or 0.3 or 0.15) the
                    // projections collapsed within 256 steps on Fashion-MNIST (codes one-hot on
                    // one prototype, loss ln K), under SGD they did not (docs/benchmarks.md);
                    // paper: LARS 4.8 at batch 4096 (0.3 per 256), wd 1e-6
                    Recipe.sgd(0.1, 1e-6),
                    Recipe.lars(0.3, 1e-6, 0.001),
                    Swav::settings,
                    Swav::new);

    /**
     * SwAV's settings.
     *
     * @param prototypes K
     * @param temperature τ
     * @param epsilon ε of the codes
     * @param sinkhornIterations iterations of Sinkhorn-Knopp
     * @param queueSize projections per global crop in the queue, 0 for none
     * @param freezePrototypesSteps steps with the prototypes held still
     * @param projectionHiddenDim hidden width of the projection MLP
     * @param projectionDim dimension of projections and prototypes
     * @param views SwAV's multi-crop
     */
    public record Settings(
            int prototypes,
            double temperature,
            double epsilon,
            int sinkhornIterations,
            int queueSize,
            long freezePrototypesSteps,
            int projectionHiddenDim,
            int projectionDim,
            MultiCropAugmentation views)
            implements MethodSettings {
        public Settings {
            if (prototypes < 2 || projectionHiddenDim < 1 || projectionDim < 1) {
                throw new IllegalArgumentException(
                        "swav needs prototypes >= 2 and dimensions >= 1, got "
                                + prototypes
                                + ", "
                                + projectionHiddenDim
                                + ", "
                                + projectionDim);
            }
            if (!(temperature > 0 && temperature <= 10) || !(epsilon > 0 && epsilon <= 10)) {
                throw new IllegalArgumentException(
                        "swav.temperature and swav.epsilon must be in (0, 10], got "
                                + temperature
                                + " and "
                                + epsilon);
            }
            if (sinkhornIterations < 1 || queueSize < 0 || freezePrototypesSteps < 0) {
                throw new IllegalArgumentException(
                        "swav needs sinkhorn-iterations >= 1, queue-size >= 0 and"
                                + " freeze-prototypes-steps >= 0, got "
                                + sinkhornIterations
                                + ", "
                                + queueSize
                                + ", "
                                + freezePrototypesSteps);
            }
        }

        @Override
        public String methodName() {
            return DESCRIPTOR.name();
        }
    }

    private static Settings settings(MethodConfig c) {
        MultiCropAugmentation views =
                c.multiCrop(
                        "swav", c.get(LOCAL_SIZE), c.get(LOCAL_CROPS), c.get(LOCAL_CROP_SCALE_MAX));
        c.requirePatchMultiple(views, LOCAL_SIZE.key());
        return new Settings(
                c.get(PROTOTYPES_COUNT),
                c.get(TEMPERATURE),
                c.get(EPSILON),
                c.get(SINKHORN_ITERATIONS),
                c.get(QUEUE_SIZE),
                c.get(FREEZE_PROTOTYPES_STEPS),
                c.get(PROJECTION_HIDDEN_DIM),
                c.get(PROJECTION_DIM),
                views);
    }

    private final Settings swav;
    private final Network encoder;
    private final Network projector;
    private final Network prototypes;
    private final KeyQueue[] queues;
    private final ViewPolicy views;
    private NDList pendingProjections;

    public Swav(LearnerSettings settings) {
        super(settings);
        this.swav = (Settings) settings.method();
        this.views = new MultiCropPolicy(swav.views());
        int size = swav.views().global1().outputSize();
        this.encoder =
                addTrainedNetwork(
                        EvaluationNetwork.ENCODER,
                        settings.architecture().build(),
                        new Shape(2, settings.channels(), size, size));
        this.projector =
                addTrainedNetwork(
                        "projector",
                        ProjectionHead.build(swav.projectionHiddenDim(), swav.projectionDim()),
                        new Shape(2, settings.architecture().featureDim()));
        this.prototypes =
                addTrainedNetwork(
                        PROTOTYPES,
                        new SequentialBlock()
                                .add(
                                        Linear.builder()
                                                .setUnits(swav.prototypes())
                                                .optBias(false)
                                                .build()),
                        new Shape(2, swav.projectionDim()));
        this.queues =
                swav.queueSize() == 0
                        ? new KeyQueue[0]
                        : new KeyQueue[] {
                            addComponent(queue("queue-0")), addComponent(queue("queue-1"))
                        };
        normalizePrototypes();
        initOptimizer();
    }

    private KeyQueue queue(String name) {
        return new KeyQueue(name, manager, swav.queueSize(), swav.projectionDim(), random);
    }

    @Override
    protected ViewPolicy viewPolicy() {
        return views;
    }

    @Override
    protected boolean frozenAt(String parameterName, long step) {
        return step < swav.freezePrototypesSteps() && parameterName.startsWith(PROTOTYPES + "/");
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray h = encoder.forward(views.get(0).concat(views.get(1), 0), true);
        NDList projections = new NDList(projector.forward(h, true));
        if (views.size() > 2) {
            NDArray locals = NDArrays.concat(new NDList(views.subList(2, views.size())));
            projections.add(projector.forward(encoder.forward(locals, true), true));
        }
        NDArray z = L2Normalize.rows(NDArrays.concat(projections)); // (V·N, d), globals first
        NDArray s = prototypes.forward(z, true); // (V·N, K)
        NDList scores = new NDList();
        for (int v = 0; v < views.size(); v++) {
            scores.add(s.get(v * n + ":" + (v + 1) * n));
        }
        NDList codes = new NDList();
        pendingProjections = new NDList();
        for (int i = 0; i < 2; i++) {
            NDArray out = scores.get(i).stopGradient();
            if (queues.length > 0 && queues[i].full()) {
                NDArray queued =
                        prototypes.forward(queues[i].keys(), true).stopGradient(); // (L, K)
                out = queued.concat(out, 0);
            }
            codes.add(SwavLoss.codes(out, swav.epsilon(), swav.sinkhornIterations(), n));
            pendingProjections.add(z.get(i * n + ":" + (i + 1) * n).stopGradient());
        }
        NDArray loss = SwavLoss.compute(codes, scores, swav.temperature());
        return new LossOutput(
                loss,
                h.get("0:" + n),
                MethodIndicators.clusters(
                        ClusteringMethod.entropyBits(
                                codes.get(0)
                                        .argMax(1)
                                        .toType(DataType.INT32, false)
                                        .toIntArray())));
    }

    @Override
    protected void afterUpdate() {
        for (int i = 0; i < queues.length; i++) {
            queues[i].enqueue(pendingProjections.get(i));
        }
        pendingProjections = null;
        normalizePrototypes();
    }

    /** C's rows (the prototypes) to unit length. */
    private void normalizePrototypes() {
        GradMode.disable();
        for (Parameter p : prototypes.parameters().values()) {
            NDArray w = p.getArray();
            try (NDArray unit = L2Normalize.rows(w)) {
                w.set(new NDIndex(":"), unit); // in place, on the device
            }
        }
    }
}
