package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;

/**
 * CaSSLe (Fini, da Costa, Alameda-Pineda, Ricci, Alahari and Mairal, "Self-Supervised Models are
 * Continual Learners", CVPR 2022): a frozen copy of the encoder and projector, and a trained
 * predictor q that maps today's projections to the frozen model's, through the method's own loss,
 *
 * <pre>
 *   L = L_method(z¹, z²) + λ · L_D(q(z¹), q(z²), z̄¹, z̄²),    z̄ = ḡ(f̄(x)) from the frozen copy
 * </pre>
 *
 * so the encoder may move as long as what it knew can still be predicted from what it learns. q is
 * Linear → BN → ReLU → Linear, as the official code's {@code distill_predictor}. The frozen copy
 * runs in training mode (batch statistics), as it does in the official code, where it stays a
 * sub-module of the model in training mode.
 *
 * <p>Adapted to a stream: the paper refreshes the frozen copy at the start of each task, and a
 * stream has no tasks. Here it is refreshed every {@code refreshEvery} steps, and before the next
 * step when {@link #requestRefresh} is called (a drift alarm). Before its first refresh the copy
 * holds random weights, so the term is off then, except after a warm start: the copy then holds the
 * pretrained encoder from the first step on, which is what anchors continued pretraining.
 */
public final class Cassle implements ContinualStrategy {
    private final Distillable target;
    private final Network frozenEncoder;
    private final Network frozenProjector;
    private final Network predictor;
    private final AnchorState anchor;
    private final long refreshEvery;
    private final double weight;
    private long refreshes;

    Cassle(ContinualSettings settings, Distillable target, NetworkHost host) {
        this.target = target;
        this.refreshEvery = settings.refreshEvery();
        this.weight =
                Double.isNaN(settings.weight())
                        ? target.distillation().defaultWeight()
                        : settings.weight();
        this.frozenEncoder =
                host.frozenCopy(
                        "cassle-frozen-encoder",
                        target.encoder(),
                        target.encoderBlock().get(),
                        target.imageShape());
        this.frozenProjector =
                host.frozenCopy(
                        "cassle-frozen-projector",
                        target.projector(),
                        target.projectorBlock().get(),
                        target.featureShape());
        int d = target.projectionDim();
        this.predictor =
                host.trained(
                        "cassle-predictor",
                        ProjectionHead.build(settings.predictorHiddenDim(), d),
                        new Shape(2, d));
        this.anchor = host.component(new AnchorState());
    }

    @Override
    public void beforeStep(long step) {
        boolean due = refreshEvery > 0 && step > 0 && step % refreshEvery == 0;
        if (due || anchor.requested) {
            frozenEncoder.copyFrom(target.encoder());
            frozenProjector.copyFrom(target.projector());
            anchor.anchored = true;
            anchor.requested = false;
            refreshes++;
        }
    }

    @Override
    public void afterWarmStart() {
        anchor.anchored = true;
    }

    @Override
    public NDArray total(NDArray methodLoss, NDList views, NDArray projections) {
        if (!anchor.anchored) {
            return methodLoss;
        }
        int n = (int) (projections.getShape().get(0) / 2);
        NDArray images = views.get(0).concat(views.get(1), 0); // as the method's networks took them
        NDArray frozen =
                frozenProjector.forward(frozenEncoder.forward(images, true), true).stopGradient();
        NDArray p = predictor.forward(projections, true);
        NDArray distill =
                target.distillation()
                        .loss(
                                p.get("0:" + n),
                                p.get(n + ":"),
                                frozen.get("0:" + n),
                                frozen.get(n + ":"));
        return methodLoss.add(distill.mul((float) weight));
    }

    @Override
    public void requestRefresh() {
        anchor.requested = true;
    }

    @Override
    public long refreshes() {
        return refreshes;
    }
}
