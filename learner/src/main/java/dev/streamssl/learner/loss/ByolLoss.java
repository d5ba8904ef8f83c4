package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * BYOL's loss (Grill et al., "Bootstrap Your Own Latent", NeurIPS 2020, eq. 2): the mean squared
 * error between the L2-normalised online prediction q(z) and the normalised target projection z′,
 *
 * <pre>
 *   L(p, z′) = ‖p/‖p‖ − z′/‖z′‖‖² = 2 − 2 · ⟨p, z′⟩ / (‖p‖ ‖z′‖)
 * </pre>
 *
 * averaged over the batch, and symmetrised by swapping the views (eq. 3): L_total = L(q(z₁),
 * sg(z′₂)) + L(q(z₂), sg(z′₁)). No gradient reaches the target projections.
 */
public final class ByolLoss {
    private ByolLoss() {}

    /**
     * @param prediction (N, D) online predictions of one view
     * @param target (N, D) target projections of the other view
     * @return scalar 2 − 2·mean cosine
     */
    public static NDArray compute(NDArray prediction, NDArray target) {
        NDArray p = L2Normalize.rows(prediction);
        NDArray z = L2Normalize.rows(target).stopGradient();
        return p.mul(z).sum(new int[] {1}).mean().mul(-2).add(2);
    }

    /**
     * @param p1 predictions of view 1, p2 of view 2; z1, z2 the target projections
     * @return L(p1, z2) + L(p2, z1)
     */
    public static NDArray symmetric(NDArray p1, NDArray p2, NDArray z1, NDArray z2) {
        return compute(p1, z2).add(compute(p2, z1));
    }
}
