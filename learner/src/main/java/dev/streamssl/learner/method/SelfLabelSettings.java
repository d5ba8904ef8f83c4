package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.AugmentationSettings;

/**
 * Self-Label's own settings.
 *
 * @param clusters K, labels per head (3000 on ImageNet, 128 on CIFAR-10)
 * @param heads classifier heads, each with its own labels (10 in the paper)
 * @param lambda λ of P^λ (25 on ImageNet, 10 on CIFAR): larger is sharper
 * @param queueSize recent logits per head balanced together with the batch's (N = queue + batch
 *     must be at least K for an equipartition to exist)
 * @param tolerance Sinkhorn-Knopp stopping tolerance (0.1 in the official ImageNet code)
 * @param maxIterations at most this many Sinkhorn-Knopp iterations per step (the official code has
 *     no bound: it labels the data set a few dozen times, not every step); with λ 25 on a queue of
 *     thousands of points the tolerance is rarely met within 1 000, while the labels have settled
 *     long before
 * @param view the training view
 */
public record SelfLabelSettings(
        int clusters,
        int heads,
        double lambda,
        int queueSize,
        int relabelSteps,
        double tolerance,
        int maxIterations,
        AugmentationSettings view)
        implements MethodSettings {

    public SelfLabelSettings {
        if (clusters < 2 || heads < 1) {
            throw new IllegalArgumentException(
                    "selflabel needs clusters >= 2 and heads >= 1, got " + clusters + ", " + heads);
        }
        if (!(lambda > 0 && lambda <= 1000)) {
            throw new IllegalArgumentException(
                    "selflabel.lambda = " + lambda + " is out of range; allowed: (0, 1000]");
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException(
                    "selflabel.queue-size = " + queueSize + " must be >= 0");
        }
        if (relabelSteps < 1) {
            throw new IllegalArgumentException(
                    "selflabel.relabel-steps = " + relabelSteps + " must be >= 1");
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException(
                    "selflabel.tolerance = " + tolerance + " must be > 0");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException(
                    "selflabel.max-iterations = " + maxIterations + " must be >= 1");
        }
    }

    @Override
    public String methodName() {
        return "selflabel";
    }

    @Override
    public String whyNotDataParallel() {
        return ClusteringReplicas.REFUSAL;
    }
}
