package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * VICReg's loss (Bardes, Ponce and LeCun, "VICReg: Variance-Invariance-Covariance Regularization",
 * ICLR 2022, §3 and the official {@code main_vicreg.py}), on the two views' embeddings z, z′ of
 * shape (N, D):
 *
 * <pre>
 *   s(z, z′) = mean over n, d of (z − z′)²                               invariance
 *   v(z)     = mean_d max(0, 1 − sqrt(Var_n(z_d) + 10⁻⁴))                 variance (unbiased Var)
 *   c(z)     = Σ_{i≠j} C(z)_ij² / D,  C(z) = (z − z̄)ᵀ(z − z̄) / (N − 1)   covariance
 *   L = λ s(z, z′) + μ (v(z) + v(z′))/2 + ν (c(z) + c(z′))
 * </pre>
 *
 * with λ = μ = 25 and ν = 1 in the paper. The variance term keeps every dimension spread across the
 * batch, the covariance term decorrelates the dimensions.
 */
public final class VicRegLoss {
    private static final float VARIANCE_EPSILON = 1e-4f;

    private VicRegLoss() {}

    /** The three terms, unweighted, and the weighted loss. */
    public record Terms(NDArray invariance, NDArray variance, NDArray covariance, NDArray loss) {}

    public static Terms compute(
            NDArray z1, NDArray z2, double invWeight, double varWeight, double covWeight) {
        NDArray invariance = z1.sub(z2).square().mean();
        NDArray x = z1.sub(z1.mean(new int[] {0}, true));
        NDArray y = z2.sub(z2.mean(new int[] {0}, true));
        long n = z1.getShape().get(0);
        NDArray variance = hinge(x, n).add(hinge(y, n)).div(2);
        NDArray covariance = offDiagonalSquares(x, n).add(offDiagonalSquares(y, n));
        NDArray loss =
                invariance
                        .mul((float) invWeight)
                        .add(variance.mul((float) varWeight))
                        .add(covariance.mul((float) covWeight));
        return new Terms(invariance, variance, covariance, loss);
    }

    /** mean_d relu(1 − std_d) of centred rows. */
    private static NDArray hinge(NDArray centred, long n) {
        NDArray std = centred.square().sum(new int[] {0}).div(n - 1).add(VARIANCE_EPSILON).sqrt();
        return std.neg().add(1).maximum(0f).mean();
    }

    /** Σ_{i≠j} C_ij² / D of centred rows. */
    private static NDArray offDiagonalSquares(NDArray centred, long n) {
        long d = centred.getShape().get(1);
        NDArray cov = centred.transpose().matMul(centred).div(n - 1);
        NDArray offDiagonal = cov.mul(cov.getManager().eye((int) d).neg().add(1));
        return offDiagonal.square().sum().div(d);
    }
}
