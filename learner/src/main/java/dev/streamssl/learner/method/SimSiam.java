package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.continual.Distillable;
import dev.streamssl.learner.continual.PredictiveDistillation;
import dev.streamssl.learner.loss.SimSiamLoss;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.optim.Recipe;
import java.util.List;

/**
 * SimSiam (Chen and He, "Exploring Simple Siamese Representation Learning", CVPR 2021): one encoder
 * f (backbone and a 3-layer projection MLP ending in BatchNorm without affine parameters) and a
 * 2-layer bottleneck predictor h; each view's prediction p = h(f(x)) matches the other view's
 * projection z, whose gradient is stopped: L = D(p₁, sg(z₂))/2 + D(p₂, sg(z₁))/2, D the negative
 * cosine. No negatives, no momentum encoder: the stop-gradient alone keeps it from collapsing (the
 * paper's §4.1). Both views go through the networks as one batch of 2N. Embeddings are the
 * backbone's output.
 *
 * <p>On the stream: the official code keeps the predictor's learning rate fixed while the rest
 * follows the cosine decay ({@code --fix-pred-lr}); under the stream's constant schedule every rate
 * is fixed anyway, under the budgeted cosine schedule the predictor decays with the rest.
 */
public final class SimSiam extends TwoViewMethod {
    public static final MethodOption<Integer> PROJECTION_DIM =
            MethodOption.integer(
                    "simsiam.projection-dim",
                    512,
                    "Width of the projection MLP's layers and output (2048 in the paper).");
    public static final MethodOption<Integer> PREDICTOR_HIDDEN_DIM =
            MethodOption.integer(
                    "simsiam.predictor-hidden-dim",
                    128,
                    "Bottleneck of the predictor (512 in the paper: a quarter of the output).");

    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "simsiam",
                    "SimSiam (Chen and He, CVPR 2021)",
                    List.of(PROJECTION_DIM, PREDICTOR_HIDDEN_DIM),
                    // small: solo-learn's CIFAR recipe (SGD 0.5, weight decay 1e-5); paper: SGD
                    // 0.05 per 256 images, weight decay 1e-4 (§A)
                    Recipe.sgd(0.5, 1e-5),
                    Recipe.sgd(0.05, 1e-4),
                    c ->
                            new Settings(
                                    c.get(PROJECTION_DIM),
                                    c.get(PREDICTOR_HIDDEN_DIM),
                                    c.twoViews("moco")),
                    SimSiam::new);

    /**
     * SimSiam's settings.
     *
     * @param projectionDim width of the projector's layers and of z and p (2048)
     * @param predictorHiddenDim the predictor's bottleneck (512)
     * @param views the two views (MoCo v2's augmentations, as the official code)
     */
    public record Settings(int projectionDim, int predictorHiddenDim, TwoViewAugmentation views)
            implements MethodSettings {
        public Settings {
            if (projectionDim < 1 || predictorHiddenDim < 1) {
                throw new IllegalArgumentException(
                        "simsiam dimensions must be >= 1, got "
                                + projectionDim
                                + " and "
                                + predictorHiddenDim);
            }
        }

        @Override
        public String methodName() {
            return DESCRIPTOR.name();
        }
    }

    private final Settings simsiam;
    private final Network projector;
    private final Network predictor;

    public SimSiam(LearnerSettings settings) {
        super(settings, ((Settings) settings.method()).views());
        this.simsiam = (Settings) settings.method();
        int d = simsiam.projectionDim();
        this.projector = addTrainedNetwork("projector", head(), featureShape());
        this.predictor =
                addTrainedNetwork(
                        "predictor",
                        ProjectionHead.build(simsiam.predictorHiddenDim(), d),
                        new Shape(2, d));
        initOptimizer();
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray h = encodeBoth(views);
        NDArray z = projector.forward(h, true); // (2N, d)
        NDArray p = predictor.forward(z, true);
        NDArray loss = SimSiamLoss.symmetric(first(p, n), second(p, n), first(z, n), second(z, n));
        return LossOutput.withProjections(loss, first(h, n), z);
    }

    private Block head() {
        int d = simsiam.projectionDim();
        return ProjectionHead.mlp(d, d, 2, true, false);
    }

    @Override
    protected Distillable distillable() {
        return distillable(
                projector, this::head, simsiam.projectionDim(), new PredictiveDistillation());
    }
}
