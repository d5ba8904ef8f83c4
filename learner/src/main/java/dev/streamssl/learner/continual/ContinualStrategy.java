package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;

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
     * @param images the (2N, C, h, w) views the method's networks took, view 1 then view 2
     * @param projections the (2N, D) projections the method's loss took, or null where it has none
     */
    NDArray total(NDArray methodLoss, NDArray images, NDArray projections);

    /** Asks for a refresh before the next step (the stream drifted). */
    void requestRefresh();

    /** Steps at which the strategy refreshed its anchor so far, in this process. */
    long refreshes();
}
