package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;
import dev.streamssl.learner.loss.ContrastiveDistillLoss;

/**
 * CaSSLe's distillation for contrastive methods (SimCLR, NNCLR): {@link ContrastiveDistillLoss}
 * both ways at temperature τ (the official code's {@code --distill_temperature}, 0.2), λ = 1.
 */
public record ContrastiveDistillation(double temperature) implements Distillation {
    public static final double DEFAULT_TEMPERATURE = 0.2;

    @Override
    public NDArray loss(NDArray p1, NDArray p2, NDArray f1, NDArray f2) {
        return ContrastiveDistillLoss.symmetric(p1, p2, f1, f2, temperature);
    }

    @Override
    public double defaultWeight() {
        return 1;
    }

    @Override
    public String name() {
        return "contrastive";
    }
}
