package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * CaSSLe's contrastive distillation (Fini et al., "Self-Supervised Models are Continual Learners",
 * CVPR 2022, eq. 6 for SimCLR-like methods): the predictions p of both views are pulled to the
 * frozen model's projections z of the same view and image, against the frozen projections of the
 * other images of both views,
 *
 * <pre>
 *   s_ij = cos(p_i, z_j) / τ          over the 2N predictions and 2N frozen projections
 *   ℓ_i  = −s_ii + log Σ_j exp(s_ij)
 * </pre>
 *
 * The sum runs over all 2N frozen projections, the other view of the same image included: the
 * official code builds a mask meant to drop it but fills it with ones only, and this follows the
 * code (its numbers are the ones the paper reports). The distillation uses the loss both ways,
 * {@code (L(p, z) + L(z, p)) / 2} (see {@link #symmetric}); gradients reach p only when z comes
 * from the frozen model.
 */
public final class ContrastiveDistillLoss {
    private ContrastiveDistillLoss() {}

    /**
     * @param p1 (N, D) rows of one side for view 1, p2 for view 2
     * @param z1 (N, D) rows of the other side for view 1, z2 for view 2
     * @return mean over the 2N rows of p of ℓ_i
     */
    public static NDArray compute(
            NDArray p1, NDArray p2, NDArray z1, NDArray z2, double temperature) {
        int n = (int) p1.getShape().get(0);
        NDArray p = L2Normalize.rows(p1.concat(p2, 0));
        NDArray z = L2Normalize.rows(z1.concat(z2, 0));
        NDArray logits = p.matMul(z.transpose()).div((float) temperature); // (2N, 2N)
        NDArray max = logits.max(new int[] {1}, true).stopGradient();
        NDArray shifted = logits.sub(max);
        NDArray logDenominator = shifted.exp().sum(new int[] {1}).log();
        NDArray positive = shifted.mul(logits.getManager().eye(2 * n)).sum(new int[] {1});
        return logDenominator.sub(positive).mean();
    }

    /** {@code (L(p, z) + L(z, p)) / 2}, CaSSLe's contrastive distillation term. */
    public static NDArray symmetric(
            NDArray p1, NDArray p2, NDArray z1, NDArray z2, double temperature) {
        return compute(p1, p2, z1, z2, temperature)
                .add(compute(z1, z2, p1, p2, temperature))
                .div(2);
    }
}
