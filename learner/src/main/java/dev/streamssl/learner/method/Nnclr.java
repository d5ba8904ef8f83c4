package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.continual.Distillable;
import dev.streamssl.learner.loss.L2Normalize;
import dev.streamssl.learner.loss.NnclrLoss;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.optim.Recipe;
import dev.streamssl.learner.state.KeyQueue;
import java.util.List;

/**
 * NNCLR (Dwibedi, Aytar, Tompson, Sermanet and Zisserman, "With a Little Help from My Friends:
 * Nearest-Neighbor Contrastive Learning of Visual Representations", ICCV 2021): SimCLR with the
 * positive replaced by the nearest neighbour, in a support set of earlier projections, of the other
 * view's projection; a predictor on the online side (see {@link NnclrLoss}). The support set is a
 * first-in-first-out queue of the first view's unit projections ({@link KeyQueue}, in the
 * checkpoint); the step's projections are enqueued after the update, so they are never their own
 * neighbours. Both views pass through the networks as one batch of 2N. Embeddings are the
 * backbone's output.
 *
 * <p>On the stream: the queue starts as random unit vectors (as solo-learn's implementation) and
 * fills from the stream in its first K/N steps; the paper's 98 304 entries are many epochs of a
 * small stream, so the default is smaller.
 */
public final class Nnclr extends TwoViewMethod {
    public static final MethodOption<Double> TEMPERATURE =
            MethodOption.real("nnclr.temperature", 0.1, "τ of the contrastive loss (0.1).");
    public static final MethodOption<Integer> QUEUE_SIZE =
            MethodOption.integer(
                    "nnclr.queue-size",
                    8192,
                    "Support-set size: projections the neighbours are found among (98304 in the"
                            + " paper).");
    public static final MethodOption<Integer> PROJECTION_HIDDEN_DIM =
            MethodOption.integer(
                    "nnclr.projection-hidden-dim",
                    512,
                    "Hidden width of projector and predictor (2048 and 4096 in the paper).");
    public static final MethodOption<Integer> PROJECTION_DIM =
            MethodOption.integer(
                    "nnclr.projection-dim", 128, "Dimension of projections and predictions (256).");

    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "nnclr",
                    "NNCLR (Dwibedi et al., ICCV 2021)",
                    List.of(TEMPERATURE, QUEUE_SIZE, PROJECTION_HIDDEN_DIM, PROJECTION_DIM),
                    // small: solo-learn's CIFAR recipe; paper: SimCLR's LARS setting (0.3 per
                    // 256, wd 1e-6), which NNCLR trains with
                    Recipe.lars(0.4, 1e-5, 0.02),
                    Recipe.lars(0.3, 1e-6, 0.001),
                    c ->
                            new Settings(
                                    c.get(TEMPERATURE),
                                    c.get(QUEUE_SIZE),
                                    c.get(PROJECTION_HIDDEN_DIM),
                                    c.get(PROJECTION_DIM),
                                    c.twoViews("byol")),
                    Nnclr::new);

    /**
     * NNCLR's settings.
     *
     * @param temperature τ
     * @param queueSize support-set size
     * @param projectionHiddenDim hidden width of projector and predictor
     * @param projectionDim dimension of z and p
     * @param views BYOL's asymmetric pair, the paper's augmentations
     */
    public record Settings(
            double temperature,
            int queueSize,
            int projectionHiddenDim,
            int projectionDim,
            TwoViewAugmentation views)
            implements MethodSettings {
        public Settings {
            if (!(temperature > 0 && temperature <= 10)) {
                throw new IllegalArgumentException(
                        "nnclr.temperature = "
                                + temperature
                                + " is out of range; allowed: (0, 10]");
            }
            if (queueSize < 1 || projectionHiddenDim < 1 || projectionDim < 1) {
                throw new IllegalArgumentException(
                        "nnclr queue and dimensions must be >= 1, got "
                                + queueSize
                                + ", "
                                + projectionHiddenDim
                                + ", "
                                + projectionDim);
            }
        }

        @Override
        public String methodName() {
            return DESCRIPTOR.name();
        }
    }

    private final Settings nnclr;
    private final Network projector;
    private final Network predictor;
    private final KeyQueue support;
    private NDArray pending;

    public Nnclr(LearnerSettings settings) {
        super(settings, ((Settings) settings.method()).views());
        this.nnclr = (Settings) settings.method();
        int d = nnclr.projectionDim();
        this.projector = addTrainedNetwork("projector", head(), featureShape());
        this.predictor =
                addTrainedNetwork(
                        "predictor",
                        ProjectionHead.build(nnclr.projectionHiddenDim(), d),
                        new Shape(2, d));
        this.support = addComponent(new KeyQueue("support", manager, nnclr.queueSize(), d, random));
        initOptimizer();
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray h = encodeBoth(views);
        NDArray projection = projector.forward(h, true);
        NDArray p = predictor.forward(projection, true); // from z before normalising, as solo-learn
        NDArray z = L2Normalize.rows(projection);
        NDArray z1 = first(z, n);
        NDArray z2 = second(z, n);
        NDArray nn1 = NnclrLoss.nearestNeighbours(z1, support.keys());
        NDArray nn2 = NnclrLoss.nearestNeighbours(z2, support.keys());
        float tau = (float) nnclr.temperature();
        NDArray loss =
                NnclrLoss.compute(nn1, second(p, n), tau)
                        .add(NnclrLoss.compute(nn2, first(p, n), tau))
                        .div(2);
        pending = z1.stopGradient();
        return LossOutput.withProjections(loss, first(h, n), projection);
    }

    private Block head() {
        return ProjectionHead.mlp(
                nnclr.projectionHiddenDim(), nnclr.projectionDim(), 2, true, true);
    }

    @Override
    protected Distillable distillable() {
        return distillable(projector, this::head, nnclr.projectionDim(), contrastiveDistillation());
    }

    @Override
    protected void afterUpdate() {
        support.enqueue(pending);
        pending = null;
    }
}
