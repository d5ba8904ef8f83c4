package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;

/**
 * How CaSSLe compares the predicted projections p with the frozen model's projections f: with the
 * method's own loss, as the paper's Table 1 pairs them (contrastive for SimCLR-like methods,
 * predictive for BYOL-like, the MSE invariance term for VICReg, decorrelation for Barlow Twins).
 * Each family has the official code's default weight λ of the term, {@code L + λ · L_D}.
 */
public interface Distillation {
    /**
     * L_D for predictions of view 1 and 2 (each (N, D), with gradient) and the frozen model's
     * projections of the same views (no gradient).
     */
    NDArray loss(NDArray p1, NDArray p2, NDArray f1, NDArray f2);

    /** λ, the weight of the term, from the official code's defaults for this family. */
    double defaultWeight();

    /** The family's name in the official code's {@code --distiller}, for logs and docs. */
    String name();
}
