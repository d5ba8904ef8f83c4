package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.continual.Distillable;
import dev.streamssl.learner.continual.MseDistillation;
import dev.streamssl.learner.loss.VicRegLoss;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.optim.Recipe;
import java.util.List;

/**
 * VICReg (Bardes, Ponce and LeCun, ICLR 2022): one encoder and a 3-layer expander applied to both
 * views; the loss is the weighted sum of an invariance term (mean squared distance of the two
 * views' embeddings), a variance term (a hinge on every dimension's standard deviation) and a
 * covariance term (the squared off-diagonal covariances), see {@link VicRegLoss}. No negatives, no
 * weight sharing tricks, no stop-gradient. Both views pass through the networks as one batch of 2N.
 * Embeddings are the backbone's output.
 *
 * <p>On the stream: the official code gathers the embeddings of all GPUs before the variance and
 * covariance terms; here they are over the learner's batch.
 */
public final class VicReg extends TwoViewMethod {
    public static final MethodOption<Double> INVARIANCE_WEIGHT =
            MethodOption.real(
                    "vicreg.invariance-weight", 25.0, "λ, weight of the invariance term.");
    public static final MethodOption<Double> VARIANCE_WEIGHT =
            MethodOption.real("vicreg.variance-weight", 25.0, "μ, weight of the variance term.");
    public static final MethodOption<Double> COVARIANCE_WEIGHT =
            MethodOption.real("vicreg.covariance-weight", 1.0, "ν, weight of the covariance term.");
    public static final MethodOption<Integer> EXPANDER_DIM =
            MethodOption.integer(
                    "vicreg.expander-dim",
                    512,
                    "Width of the expander's layers and output (8192 in the paper).");

    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "vicreg",
                    "VICReg (Bardes, Ponce and LeCun, ICLR 2022)",
                    List.of(INVARIANCE_WEIGHT, VARIANCE_WEIGHT, COVARIANCE_WEIGHT, EXPANDER_DIM),
                    // small: solo-learn's CIFAR recipe; paper: LARS 0.2 per 256, wd 1e-6
                    Recipe.lars(0.3, 1e-4, 0.02),
                    Recipe.lars(0.2, 1e-6, 0.001),
                    c ->
                            new Settings(
                                    c.get(INVARIANCE_WEIGHT),
                                    c.get(VARIANCE_WEIGHT),
                                    c.get(COVARIANCE_WEIGHT),
                                    c.get(EXPANDER_DIM),
                                    c.twoViews("byol")),
                    VicReg::new);

    /**
     * VICReg's settings.
     *
     * @param invarianceWeight λ (25)
     * @param varianceWeight μ (25)
     * @param covarianceWeight ν (1)
     * @param expanderDim width of the expander's layers and output (8192)
     * @param views BYOL's asymmetric pair, the paper's augmentations
     */
    public record Settings(
            double invarianceWeight,
            double varianceWeight,
            double covarianceWeight,
            int expanderDim,
            TwoViewAugmentation views)
            implements MethodSettings {
        public Settings {
            if (!(invarianceWeight >= 0) || !(varianceWeight >= 0) || !(covarianceWeight >= 0)) {
                throw new IllegalArgumentException(
                        "vicreg weights must be >= 0, got "
                                + invarianceWeight
                                + ", "
                                + varianceWeight
                                + ", "
                                + covarianceWeight);
            }
            if (expanderDim < 2) {
                throw new IllegalArgumentException(
                        "vicreg.expander-dim = " + expanderDim + " must be >= 2");
            }
        }

        @Override
        public String methodName() {
            return DESCRIPTOR.name();
        }
    }

    private final Settings vicreg;
    private final Network expander;

    public VicReg(LearnerSettings settings) {
        super(settings, ((Settings) settings.method()).views());
        this.vicreg = (Settings) settings.method();
        this.expander = addTrainedNetwork("expander", head(), featureShape());
        initOptimizer();
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray h = encodeBoth(views);
        NDArray z = expander.forward(h, true);
        VicRegLoss.Terms terms =
                VicRegLoss.compute(
                        first(z, n),
                        second(z, n),
                        vicreg.invarianceWeight(),
                        vicreg.varianceWeight(),
                        vicreg.covarianceWeight());
        return LossOutput.withProjections(terms.loss(), first(h, n), z);
    }

    private Block head() {
        int d = vicreg.expanderDim();
        return ProjectionHead.mlp(d, d, 2, false, false);
    }

    @Override
    protected Distillable distillable() {
        return distillable(expander, this::head, vicreg.expanderDim(), new MseDistillation());
    }
}
