package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;
import dev.streamssl.learner.loss.BarlowTwinsLoss;

/**
 * CaSSLe's distillation for Barlow Twins: the Barlow Twins loss between prediction and frozen
 * projection, {@code scale · (Σ_i (1 − C_ii)² + λ_BT Σ_{i≠j} C_ij²)}, per view and averaged over
 * the two, with the official code's λ_BT = 5·10⁻³ and scale 0.1; the term's weight λ = 1.
 */
public record DecorrelativeDistillation(double offDiagonalWeight, double scale)
        implements Distillation {
    public static final DecorrelativeDistillation OFFICIAL =
            new DecorrelativeDistillation(5e-3, 0.1);

    @Override
    public NDArray loss(NDArray p1, NDArray p2, NDArray f1, NDArray f2) {
        return BarlowTwinsLoss.compute(p1, f1.stopGradient(), offDiagonalWeight)
                .add(BarlowTwinsLoss.compute(p2, f2.stopGradient(), offDiagonalWeight))
                .mul((float) (scale / 2));
    }

    @Override
    public double defaultWeight() {
        return 1;
    }

    @Override
    public String name() {
        return "decorrelative";
    }
}
