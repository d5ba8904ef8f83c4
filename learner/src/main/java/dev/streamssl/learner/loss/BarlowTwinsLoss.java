package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * Barlow Twins' loss (Zbontar, Jing, Misra, LeCun and Deny, ICML 2021, eq. 1 and 2, and the
 * official {@code main.py}): the cross-correlation matrix of the two views' projections, each
 * standardised along the batch (BatchNorm without affine parameters: batch mean, biased variance, ε
 * 10⁻⁵), is driven to the identity:
 *
 * <pre>
 *   C_ij = Σ_n ẑ¹_ni ẑ²_nj / N
 *   L = Σ_i (1 − C_ii)² + λ Σ_i Σ_{j≠i} C_ij²
 * </pre>
 *
 * The invariance term makes the views' features agree, the redundancy-reduction term decorrelates
 * the features so that they cannot collapse to one.
 */
public final class BarlowTwinsLoss {
    private static final float BATCH_NORM_EPSILON = 1e-5f;

    private BarlowTwinsLoss() {}

    /** The cross-correlation C (D × D) of two (N, D) projections. */
    public static NDArray crossCorrelation(NDArray z1, NDArray z2) {
        long n = z1.getShape().get(0);
        return standardize(z1).transpose().matMul(standardize(z2)).div(n);
    }

    /** L for (N, D) projections of the two views. */
    public static NDArray compute(NDArray z1, NDArray z2, double lambda) {
        NDArray c = crossCorrelation(z1, z2);
        NDArray eye = c.getManager().eye((int) c.getShape().get(0));
        NDArray onDiagonal = c.sub(1).mul(eye).square().sum();
        NDArray offDiagonal = c.mul(eye.neg().add(1)).square().sum();
        return onDiagonal.add(offDiagonal.mul((float) lambda));
    }

    /** (z − mean) / sqrt(var + ε) along the batch, var the biased variance (BatchNorm's). */
    static NDArray standardize(NDArray z) {
        NDArray centred = z.sub(z.mean(new int[] {0}, true));
        NDArray variance = centred.square().mean(new int[] {0}, true);
        return centred.div(variance.add(BATCH_NORM_EPSILON).sqrt());
    }
}
