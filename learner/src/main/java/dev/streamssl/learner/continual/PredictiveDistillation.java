package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;
import dev.streamssl.learner.loss.ByolLoss;

/**
 * CaSSLe's distillation for BYOL-like methods (BYOL, SimSiam): BYOL's normalised MSE, {@code 2 − 2
 * cos(p, f)}, per view and averaged over the two views; λ = 1.
 */
public record PredictiveDistillation() implements Distillation {
    @Override
    public NDArray loss(NDArray p1, NDArray p2, NDArray f1, NDArray f2) {
        return ByolLoss.compute(p1, f1).add(ByolLoss.compute(p2, f2)).div(2);
    }

    @Override
    public double defaultWeight() {
        return 1;
    }

    @Override
    public String name() {
        return "predictive";
    }
}
