package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;

/**
 * CaSSLe's distillation for VICReg: its invariance term, the mean squared error between prediction
 * and frozen projection (PyTorch's {@code F.mse_loss}, mean over all entries), per view and
 * averaged over the two; λ = 25, VICReg's own invariance weight.
 */
public record MseDistillation() implements Distillation {
    @Override
    public NDArray loss(NDArray p1, NDArray p2, NDArray f1, NDArray f2) {
        return mse(p1, f1).add(mse(p2, f2)).div(2);
    }

    private static NDArray mse(NDArray p, NDArray f) {
        return p.sub(f.stopGradient()).square().mean();
    }

    @Override
    public double defaultWeight() {
        return 25;
    }

    @Override
    public String name() {
        return "predictive_mse";
    }
}
