package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Cross-entropy on pseudo-labels with every input weighted inversely to the size of its cluster in
 * the batch,
 *
 * <pre>
 *   w_i = 1 / |{j : y_j = y_i}|,     L = Σ_i w_i · CE(logits_i, y_i) / Σ_i w_i
 * </pre>
 *
 * so every cluster present in the batch carries the same total weight: the mean over clusters of
 * the mean loss within each. It is the stream's form of DeepCluster's {@code UnifLabelSampler},
 * which samples the epoch uniformly over pseudo-labels so that a few huge clusters cannot dominate
 * the classifier (the paper's §3.3, "trivial parametrization").
 */
public final class BalancedCrossEntropy {
    private BalancedCrossEntropy() {}

    /** The weights w_i, normalised to sum to 1. */
    public static float[] weights(int[] labels) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int y : labels) {
            counts.merge(y, 1, Integer::sum);
        }
        float[] w = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            w[i] = 1f / (counts.get(labels[i]) * counts.size());
        }
        return w;
    }

    /**
     * @param logits (N, K)
     * @param labels N cluster indices in [0, K)
     */
    public static NDArray compute(NDArray logits, int[] labels) {
        return weighted(logits, labels, weights(labels));
    }

    /** Σ_i w_i · CE(logits_i, y_i) with the given weights (summing to 1 for a mean). */
    public static NDArray weighted(NDArray logits, int[] labels, float[] weights) {
        NDManager m = logits.getManager();
        int n = labels.length;
        long[] index = new long[n];
        for (int i = 0; i < n; i++) {
            index[i] = labels[i];
        }
        NDArray target = m.create(index, new Shape(n, 1)).toType(DataType.INT64, false);
        NDArray nll = logits.logSoftmax(1).gather(target, 1).reshape(n).neg(); // (N)
        return nll.mul(m.create(weights)).sum();
    }
}
