package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.augment.TwoViewPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.continual.ContrastiveDistillation;
import dev.streamssl.learner.continual.Distillable;
import dev.streamssl.learner.continual.Distillation;
import dev.streamssl.learner.model.Network;
import java.util.function.Supplier;

/**
 * What the two-view methods share (SimCLR, BYOL, Barlow Twins, VICReg, SimSiam, NNCLR): two
 * augmented views of every image and one trained encoder, the network the embedders load, created
 * first so that its weights are the first drawn from the learner's generator. The methods add their
 * heads after it and compute their loss on {@link #encodeBoth}.
 */
abstract class TwoViewMethod extends AbstractMethod {
    protected final Network encoder;
    private final ViewPolicy views;
    private final Shape imageShape;

    protected TwoViewMethod(LearnerSettings settings, TwoViewAugmentation views) {
        super(settings);
        this.views = new TwoViewPolicy(views);
        int size = views.first().outputSize();
        this.imageShape = new Shape(2, settings.channels(), size, size);
        this.encoder =
                addTrainedNetwork(
                        EvaluationNetwork.ENCODER, settings.architecture().build(), imageShape);
    }

    @Override
    protected final ViewPolicy viewPolicy() {
        return views;
    }

    /** The shape a network on the views is built for (a teacher of the encoder, say). */
    protected final Shape imageShape() {
        return imageShape;
    }

    /** The shape a head on the encoder's features is built for. */
    protected final Shape featureShape() {
        return new Shape(2, settings.architecture().featureDim());
    }

    /**
     * Both views through the encoder as one batch of 2N, in training mode (BatchNorm over both
     * views, as the official codes' per-device or global BN): h of view 1, then of view 2.
     */
    protected final NDArray encodeBoth(NDList views) {
        return encoder.forward(views.get(0).concat(views.get(1), 0), true);
    }

    /**
     * What a distillation strategy may distil: this encoder and {@code projector} (a fresh block of
     * whose architecture {@code projectorBlock} builds), compared by {@code distillation}.
     */
    protected final Distillable distillable(
            Network projector,
            Supplier<Block> projectorBlock,
            int projectionDim,
            Distillation distillation) {
        return new Distillable(
                encoder,
                () -> settings.architecture().build(),
                imageShape,
                projector,
                projectorBlock,
                featureShape(),
                projectionDim,
                distillation);
    }

    /** The contrastive distillation at {@code continual.cassle.temperature}. */
    protected final Distillation contrastiveDistillation() {
        return new ContrastiveDistillation(settings.continual().temperature());
    }

    /** Rows 0..n−1 (view 1) of a (2N, ·) array. */
    protected static NDArray first(NDArray both, int n) {
        return both.get("0:" + n);
    }

    /** Rows n..2n−1 (view 2) of a (2N, ·) array. */
    protected static NDArray second(NDArray both, int n) {
        return both.get(n + ":");
    }
}
