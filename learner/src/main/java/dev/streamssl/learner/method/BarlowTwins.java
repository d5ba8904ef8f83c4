package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.continual.DecorrelativeDistillation;
import dev.streamssl.learner.continual.Distillable;
import dev.streamssl.learner.loss.BarlowTwinsLoss;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.optim.Recipe;
import java.util.List;

/**
 * Barlow Twins (Zbontar, Jing, Misra, LeCun and Deny, ICML 2021): one encoder and a 3-layer
 * projector applied to both views; the cross-correlation of the two views' standardised projections
 * is driven to the identity (see {@link BarlowTwinsLoss}). No negatives, no predictor, no momentum
 * encoder, no stop-gradient: redundancy reduction alone prevents collapse. Both views pass through
 * the networks as one batch of 2N, so BatchNorm sees both. Embeddings are the backbone's output.
 *
 * <p>On the stream: the official code sums C over all GPUs' batches; here C is over the learner's
 * batch (with several learners, each learner's own, as DDP would give before its all-reduce). The
 * default views are SimCLR's rather than the paper's BYOL pair (measured on small images; see
 * {@link Settings}).
 */
public final class BarlowTwins extends TwoViewMethod {
    public static final MethodOption<Double> LAMBDA =
            MethodOption.real(
                    "barlowtwins.lambda",
                    0.0051,
                    "λ, weight of the redundancy-reduction (off-diagonal) term (0.0051 in the"
                            + " paper).");
    public static final MethodOption<Integer> PROJECTION_HIDDEN_DIM =
            MethodOption.integer(
                    "barlowtwins.projection-hidden-dim",
                    512,
                    "Width of the projector's two hidden layers (8192 in the paper).");
    public static final MethodOption<Integer> PROJECTION_DIM =
            MethodOption.integer(
                    "barlowtwins.projection-dim",
                    512,
                    "D, the projector's output; C is D × D (8192 in the paper).");

    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "barlowtwins",
                    "Barlow Twins (Zbontar et al., ICML 2021)",
                    List.of(LAMBDA, PROJECTION_HIDDEN_DIM, PROJECTION_DIM),
                    // small: solo-learn's CIFAR recipe; paper: LARS 0.2 per 256, wd 1.5e-6
                    Recipe.lars(0.3, 1e-4, 0.02),
                    Recipe.lars(0.2, 1.5e-6, 0.001),
                    c ->
                            new Settings(
                                    c.get(LAMBDA),
                                    c.get(PROJECTION_HIDDEN_DIM),
                                    c.get(PROJECTION_DIM),
                                    c.twoViews("simclr")),
                    BarlowTwins::new);

    /**
     * Barlow Twins' settings.
     *
     * @param lambda λ of the off-diagonal term
     * @param projectionHiddenDim width of the projector's hidden layers
     * @param projectionDim D
     * @param views SimCLR's views by default (the paper uses BYOL's asymmetric pair, which on
     *     28-pixel images learnt less: kNN 0.7520 against 0.7635 after 32 768 images,
     *     docs/benchmarks.md; {@code augment.preset: byol} gives the paper's)
     */
    public record Settings(
            double lambda, int projectionHiddenDim, int projectionDim, TwoViewAugmentation views)
            implements MethodSettings {
        public Settings {
            if (!(lambda >= 0 && lambda <= 1)) {
                throw new IllegalArgumentException(
                        "barlowtwins.lambda = " + lambda + " is out of range; allowed: [0, 1]");
            }
            if (projectionHiddenDim < 1 || projectionDim < 2) {
                throw new IllegalArgumentException(
                        "barlowtwins projection dimensions must be >= 1 (output >= 2), got "
                                + projectionHiddenDim
                                + " and "
                                + projectionDim);
            }
        }

        @Override
        public String methodName() {
            return DESCRIPTOR.name();
        }
    }

    private final Settings barlow;
    private final Network projector;

    public BarlowTwins(LearnerSettings settings) {
        super(settings, ((Settings) settings.method()).views());
        this.barlow = (Settings) settings.method();
        this.projector = addTrainedNetwork("projector", head(), featureShape());
        initOptimizer();
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray h = encodeBoth(views);
        NDArray z = projector.forward(h, true);
        NDArray loss = BarlowTwinsLoss.compute(first(z, n), second(z, n), barlow.lambda());
        return LossOutput.withProjections(loss, first(h, n), z);
    }

    private Block head() {
        return ProjectionHead.mlp(
                barlow.projectionHiddenDim(), barlow.projectionDim(), 2, false, false);
    }

    @Override
    protected Distillable distillable() {
        return distillable(
                projector, this::head, barlow.projectionDim(), DecorrelativeDistillation.OFFICIAL);
    }
}
