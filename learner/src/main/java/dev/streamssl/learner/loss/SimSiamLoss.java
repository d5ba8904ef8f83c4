package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * SimSiam's loss (Chen and He, "Exploring Simple Siamese Representation Learning", CVPR 2021, eq. 1
 * and 3): the negative cosine similarity of one view's prediction with the other view's projection,
 * whose gradient is stopped, symmetrised over the two views:
 *
 * <pre>
 *   D(p, z) = − mean_n ⟨p_n/‖p_n‖, z_n/‖z_n‖⟩
 *   L = D(p₁, sg(z₂))/2 + D(p₂, sg(z₁))/2          (in [−1, 1]; −1 when predictions match)
 * </pre>
 */
public final class SimSiamLoss {
    private SimSiamLoss() {}

    /** D(p, sg(z)) for (N, D) predictions and projections. */
    public static NDArray negativeCosine(NDArray p, NDArray z) {
        NDArray target = L2Normalize.rows(z).stopGradient();
        return L2Normalize.rows(p).mul(target).sum(new int[] {1}).mean().neg();
    }

    /** D(p₁, z₂)/2 + D(p₂, z₁)/2. */
    public static NDArray symmetric(NDArray p1, NDArray p2, NDArray z1, NDArray z2) {
        return negativeCosine(p1, z2).add(negativeCosine(p2, z1)).div(2);
    }
}
