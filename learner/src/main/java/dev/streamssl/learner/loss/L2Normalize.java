package dev.streamssl.learner.loss;

import ai.djl.ndarray.NDArray;

/** L2 normalisation of rows, x / max(‖x‖, ε), as PyTorch's {@code F.normalize(x, dim=1)}. */
public final class L2Normalize {
    private L2Normalize() {}

    /**
     * @param x (N, D)
     * @return (N, D) with unit rows
     */
    public static NDArray rows(NDArray x) {
        return x.div(x.norm(new int[] {1}, true).maximum(1e-12f));
    }
}
