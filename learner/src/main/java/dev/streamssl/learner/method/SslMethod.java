package dev.streamssl.learner.method;

import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;

/**
 * A self-supervised method as the learner operator sees it: train on a batch, give out the weights
 * of its evaluation network, and save and restore everything it needs to continue.
 */
public interface SslMethod extends AutoCloseable {
    String name();

    /** Steps trained so far. */
    long step();

    /** Augments the batch into the method's views and runs one optimisation step. */
    TrainStepResult trainStep(ImageBatch batch);

    /**
     * Representations of un-augmented images by the evaluation network, in inference mode, without
     * training: what MinRed compares to find redundant images in the replay buffer.
     */
    float[][] represent(ImageBatch batch, float[] mean, float[] std);

    /**
     * Weights of the evaluation backbone, named {@code encoder/...} (see {@link
     * EvaluationNetwork}).
     */
    NamedTensors evaluationWeights();

    /**
     * Replaces the encoder's weights (named as the encoder network names them), and those of every
     * network that starts as a copy of it (EMA teachers, frozen labelers), before the first step: a
     * warm start from pretrained weights.
     */
    void startEncoderFrom(NamedTensors encoderWeights);

    /**
     * Asks the continual strategy ({@code continual.strategy}) to refresh its anchor before the
     * next step, because the stream changed (a drift alarm); nothing without a strategy.
     */
    void requestAnchorRefresh();

    /** Times the continual strategy refreshed its anchor in this process. */
    long anchorRefreshes();

    LearnerState saveState();

    /**
     * Whether a tensor of this method's state components is averaged across data-parallel replicas
     * (see {@link dev.streamssl.learner.parallel.ReplicatedState}); networks always are.
     */
    boolean averagedAcrossReplicas(String componentTensorName);

    /**
     * Whether a tensor of this method's networks (named as {@link #saveState} names it) is a
     * parameter the optimizer trains: a weight of a trained network that takes gradients. BatchNorm
     * running statistics, EMA teachers and frozen copies are not. DiLoCo's outer step (see {@link
     * dev.streamssl.learner.parallel.ReplicaSync}) moves only these.
     */
    boolean trainedParameter(String networkTensorName);

    void restoreState(LearnerState state);

    @Override
    void close();
}
