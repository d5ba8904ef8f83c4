package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.continual.Distillable;
import dev.streamssl.learner.continual.PredictiveDistillation;
import dev.streamssl.learner.loss.ByolLoss;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.optim.Recipe;

/**
 * BYOL (Grill et al., "Bootstrap Your Own Latent", NeurIPS 2020): an online network (encoder f_θ,
 * projector g_θ, predictor q_θ) learns to predict the target network's projection (f_ξ, g_ξ) of the
 * other view; the target is an EMA of the online encoder and projector, ξ ← τξ + (1 − τ)θ, with τ
 * rising from τ_base to 1 by the cosine of the step. No negatives: the predictor and the slowly
 * moving target keep the representation from collapsing. Both views pass through each network as
 * one batch of 2N, so BatchNorm sees both views (as in the official code's per-device BN). The loss
 * is symmetric (both view orders). Embeddings are the online encoder's h, the network the paper
 * evaluates.
 *
 * <p>On the stream: the paper's K in the τ schedule is the total number of steps, which a stream
 * does not have; under the budgeted cosine schedule K is {@code optimizer.horizon-steps}, under the
 * stream's constant schedule τ stays at τ_base (see {@code OptimizerSettings.annealed}).
 */
public final class Byol extends TwoViewMethod {
    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "byol",
                    "BYOL (Grill et al., NeurIPS 2020)",
                    ByolSettings.OPTIONS,
                    Recipe.lars(0.4, 1e-6, 0.02),
                    Recipe.lars(0.2, 1.5e-6, 0.001),
                    ByolSettings::from,
                    Byol::new);

    private final ByolSettings byol;
    private final Network projector;
    private final Network predictor;
    private final EmaTeacher targetEncoder;
    private final EmaTeacher targetProjector;

    public Byol(LearnerSettings settings) {
        super(settings, ((ByolSettings) settings.method()).views());
        this.byol = (ByolSettings) settings.method();
        this.projector = addTrainedNetwork("projector", mlp(), featureShape());
        this.predictor = addTrainedNetwork("predictor", mlp(), new Shape(2, byol.projectionDim()));
        this.targetEncoder =
                addTeacher(
                        "target-encoder", encoder, settings.architecture().build(), imageShape());
        this.targetProjector = addTeacher("target-projector", projector, mlp(), featureShape());
        useTeacherMomentum(settings.optimizer().annealed(byol.momentum(), 1.0));
        initOptimizer();
    }

    private ai.djl.nn.Block mlp() {
        return ProjectionHead.build(byol.projectionHiddenDim(), byol.projectionDim());
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray both = views.get(0).concat(views.get(1), 0); // (2N, C, h, w)
        NDArray h = encoder.forward(both, true);
        NDArray projections = projector.forward(h, true); // (2N, D)
        NDArray p = predictor.forward(projections, true); // (2N, D)
        NDArray z =
                targetProjector
                        .network()
                        .forward(targetEncoder.network().forward(both, true), true)
                        .stopGradient(); // (2N, D)
        NDArray loss = ByolLoss.symmetric(first(p, n), second(p, n), first(z, n), second(z, n));
        return LossOutput.withProjections(loss, first(h, n), projections);
    }

    @Override
    protected Distillable distillable() {
        return distillable(
                projector, this::mlp, byol.projectionDim(), new PredictiveDistillation());
    }
}
