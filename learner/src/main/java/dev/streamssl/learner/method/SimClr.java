package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.augment.TwoViewPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
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
public final class SimClr extends AbstractMethod {
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
    private final Network encoder;
    private final Network projector;
    private final ViewPolicy views;

    public SimClr(LearnerSettings settings) {
        super(settings);
        this.simclr = (SimClrSettings) settings.method();
        this.views = new TwoViewPolicy(simclr.views());
        int size = simclr.views().first().outputSize();
        this.encoder =
                addTrainedNetwork(
                        EvaluationNetwork.ENCODER,
                        settings.architecture().build(),
                        new Shape(2, settings.channels(), size, size));
        this.projector =
                addTrainedNetwork(
                        "projector",
                        ProjectionHead.build(simclr.projectionHiddenDim(), simclr.projectionDim()),
                        new Shape(2, settings.architecture().featureDim()));
        initOptimizer();
    }

    @Override
    public String name() {
        return simclr.methodName();
    }

    @Override
    protected ViewPolicy viewPolicy() {
        return views;
    }

    @Override
    protected LossOutput loss(NDList views) {
        int n = (int) views.get(0).getShape().get(0);
        NDArray both = views.get(0).concat(views.get(1), 0); // (2N, C, h, w)
        NDArray h = encoder.forward(both, true); // (2N, featureDim)
        NDArray z = projector.forward(h, true); // (2N, projectionDim)
        NDArray z1 = z.get("0:" + n);
        NDArray z2 = z.get(n + ":");
        return new LossOutput(
                NtXentLoss.compute(z1, z2, (float) simclr.temperature()), h.get("0:" + n));
    }
}
