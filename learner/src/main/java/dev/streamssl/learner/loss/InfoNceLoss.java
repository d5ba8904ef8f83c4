package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * InfoNCE as MoCo uses it (He et al., "Momentum Contrast for Unsupervised Visual Representation
 * Learning", CVPR 2020, eq. 1): a (K+1)-way softmax classification of each query q against its
 * positive key k₊ and the K negatives of the key queue, with cosine similarities and temperature τ:
 *
 * <pre>
 *   L_q = −log  exp(q·k₊/τ) / ( exp(q·k₊/τ) + Σ_{i=1..K} exp(q·k_i/τ) )
 * </pre>
 *
 * averaged over the batch. q and k₊ are L2-normalised here; the queue holds normalised keys. The
 * positive logit sits at index 0 of each row, as in the official code's {@code labels = zeros}.
 * Gradients flow into q only: keys and queue come from the momentum encoder.
 */
public final class InfoNceLoss {
    private InfoNceLoss() {}

    /** The loss and the mean positive and negative cosine similarities, for monitoring. */
    public record Output(NDArray loss, double positiveSimilarity, double negativeSimilarity) {}

    /**
     * @param queries (N, D) query projections (normalised here)
     * @param keys (N, D) positive keys, one per query (normalised here; no gradient)
     * @param queue (K, D) normalised negative keys
     * @param temperature τ > 0
     */
    public static Output compute(NDArray queries, NDArray keys, NDArray queue, float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        NDArray q = L2Normalize.rows(queries);
        NDArray k = L2Normalize.rows(keys).stopGradient();
        NDArray positive = q.mul(k).sum(new int[] {1}, true); // (N, 1)
        NDArray negative = q.matMul(queue.stopGradient().transpose()); // (N, K)
        NDArray logits = positive.concat(negative, 1).div(temperature); // (N, 1 + K)
        // cross-entropy with the positive at index 0
        NDArray loss = logits.logSoftmax(1).get(":, 0").mean().neg();
        return new Output(loss, positive.mean().getFloat(), negative.mean().getFloat());
    }
}
