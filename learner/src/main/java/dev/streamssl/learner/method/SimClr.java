package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import dev.streamssl.learner.continual.Distillable;
import dev.streamssl.learner.loss.NtXentLoss;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.optim.Recipe;

/**
 * SimCLR (Chen, Kornblith, Norouzi and Hinton, ICML 2020): two augmented views of every image go
 * through the encoder f and the projection head g; NT-Xent pulls the two views of an image together
 * against the other 2N − 2 views of the batch. Both views pass through the networks as one batch of
 * 2N, so BatchNorm normalises over all views, as the official code's global BN does across devices.
 * Embeddings are the encoder's output h.
 */
public final class SimClr extends TwoViewMethod {
    /** The method's entry in {@link Methods}. */
    public static final MethodDescriptor DESCRIPTOR =
            new MethodDescriptor(
                    "simclr",
                    "SimCLR (Chen, Kornblith, Norouzi and Hinton, ICML 2020)",
                    SimClrSettings.OPTIONS,
                    Recipe.lars(0.4, 1e-6, 0.02),
                    Recipe.lars(0.3, 1e-6, 0.001),
                    SimClrSettings::from,
                    SimClr::new);

    private final SimClrSettings simclr;
    private final Network projector;

    public SimClr(LearnerSettings settings) {
        super(settings, ((SimClrSettings) settings.method()).views());
        this.simclr = (SimClrSettings) settings.method();
        this.projector = addTrainedNetwork("projector", head(), featureShape());
        initOptimizer();
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray h = encodeBoth(views); // (2N, featureDim)
        NDArray z = projector.forward(h, true); // (2N, projectionDim)
        return LossOutput.withProjections(
                NtXentLoss.compute(first(z, n), second(z, n), (float) simclr.temperature()),
                first(h, n),
                z);
    }

    @Override
    protected Distillable distillable() {
        return distillable(
                projector, this::head, simclr.projectionDim(), contrastiveDistillation());
    }

    private Block head() {
        return ProjectionHead.build(simclr.projectionHiddenDim(), simclr.projectionDim());
    }
}
