package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * NNCLR's loss (Dwibedi, Aytar, Tompson, Sermanet and Zisserman, "With a Little Help from My
 * Friends", ICCV 2021, eq. 2): the positive of an image's prediction is not its other view but the
 * support set's nearest neighbour of its other view's projection; the other images' predictions are
 * the negatives:
 *
 * <pre>
 *   NN(z, Q) = argmax_{q ∈ Q} ⟨z, q⟩                 (unit vectors)
 *   L(nn, p) = − mean_i log( exp(⟨nn_i, p_i⟩/τ) / Σ_k exp(⟨nn_i, p_k⟩/τ) )
 *   loss = L(NN(z₁), p₂)/2 + L(NN(z₂), p₁)/2
 * </pre>
 *
 * The neighbours come from the queue and carry no gradient.
 */
public final class NnclrLoss {
    private NnclrLoss() {}

    /**
     * The nearest support-set entry of every row: (N, D) unit rows against the (K, D) unit queue.
     */
    public static NDArray nearestNeighbours(NDArray z, NDArray support) {
        NDArray similarity = z.stopGradient().matMul(support.transpose()); // (N, K)
        return support.get(similarity.argMax(1)).stopGradient();
    }

    /** L(nn, p) for (N, D) neighbours and predictions (both normalised here). */
    public static NDArray compute(NDArray nn, NDArray p, double temperature) {
        NDArray logits =
                L2Normalize.rows(nn)
                        .matMul(L2Normalize.rows(p).transpose())
                        .div((float) temperature);
        NDArray logProbabilities = logits.logSoftmax(1);
        long n = logits.getShape().get(0);
        NDArray eye = logits.getManager().eye((int) n);
        return logProbabilities.mul(eye).sum().div(n).neg();
    }
}
