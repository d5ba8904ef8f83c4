package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What a continual-learning strategy adds to a method's training step: something before the step
 * (refresh a frozen copy), a term on the step's loss, and a way to be told that the stream has
 * changed. Its networks and state live in the method's, so they are checkpointed with it.
 */
public interface ContinualStrategy {
    /** Before the step numbered {@code step} (0 for the first). */
    void beforeStep(long step);

    /** After the encoder (and the copies of it) took pretrained weights. */
    void afterWarmStart();

    /**
     * The step's loss with the strategy's term.
     *
     * @param methodLoss the method's loss
     * @param views the step's views, as the method's networks took them
     * @param projections the (2N, D) projections of views 1 and 2 the method's loss took, or null
     *     where it has none
     */
    NDArray total(NDArray methodLoss, NDList views, NDArray projections);

    /** Asks for a refresh before the next step (the stream drifted). */
    void requestRefresh();

    /** Steps at which the strategy refreshed its anchor so far, in this process. */
    long refreshes();
}
