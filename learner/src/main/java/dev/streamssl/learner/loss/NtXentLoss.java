package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * NT-Xent, the normalised temperature-scaled cross-entropy of SimCLR (Chen et al., "A Simple
 * Framework for Contrastive Learning of Visual Representations", ICML 2020, eq. 1).
 *
 * <p>For 2N projections z (the two views of N images), with sim(u, v) = uᵀv / (‖u‖‖v‖):
 *
 * <pre>
 *   ℓ(i, j) = −log  exp(sim(z_i, z_j)/τ) / Σ_{k≠i} exp(sim(z_i, z_k)/τ)
 *   L = 1/(2N) Σ_k [ℓ(2k−1, 2k) + ℓ(2k, 2k−1)]
 * </pre>
 *
 * where j is the other view of i's image. Here the views are stacked [view 1; view 2], so the
 * positive of row i is row (i + N) mod 2N.
 */
public final class NtXentLoss {
    private NtXentLoss() {}

    /**
     * @param z1 (N, D) projections of the first views
     * @param z2 (N, D) projections of the second views
     * @param temperature τ > 0
     * @return scalar loss
     */
    public static NDArray compute(NDArray z1, NDArray z2, float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        NDManager m = z1.getManager();
        int n = (int) z1.getShape().get(0);
        NDArray z = z1.concat(z2, 0); // (2N, D)
        z = L2Normalize.rows(z);
        NDArray logits = z.matMul(z.transpose()).div(temperature); // (2N, 2N)
        // k = i is excluded from the denominator
        logits = logits.sub(m.eye(2 * n).mul(1e9f));
        NDArray logProb = logits.logSoftmax(1);
        long[] positive = new long[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            positive[i] = (i + n) % (2 * n);
        }
        NDArray index = m.create(positive, new Shape(2 * n, 1)).toType(DataType.INT64, false);
        return logProb.gather(index, 1).mean().neg();
    }
}
