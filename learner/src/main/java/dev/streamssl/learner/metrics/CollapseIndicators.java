package dev.streamssl.learner.metrics;

import ai.djl.ndarray.NDArray;
import dev.streamssl.learner.loss.L2Normalize;

/**
 * Live signs of representation collapse, computed on a batch of representations.
 *
 * <p>{@link #normalizedStd}: the mean over dimensions of the batch standard deviation of the
 * L2-normalised vectors z/‖z‖ (Chen and He, "Exploring Simple Siamese Representation Learning",
 * CVPR 2021, §4.1): about 1/√D when vectors spread over the sphere, 0 when they have collapsed to
 * one point.
 */
public final class CollapseIndicators {
    private CollapseIndicators() {}

    /**
     * @param representations (N, D)
     */
    public static double normalizedStd(NDArray representations) {
        NDArray z = L2Normalize.rows(representations);
        NDArray centred = z.sub(z.mean(new int[] {0}, true));
        return centred.square().mean(new int[] {0}).sqrt().mean().getFloat();
    }
}
