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

    public static final MethodOption<Integer> CLUSTERS =
            MethodOption.integer(
                    "selflabel.clusters",
                    128,
                    "K, labels per head (3000 on ImageNet, 128 on CIFAR-10).");
    public static final MethodOption<Integer> HEADS =
            MethodOption.integer(
                    "selflabel.heads",
                    1,
                    "Classifier heads, each with its own labels (the paper: 10).");
    public static final MethodOption<Double> LAMBDA =
            MethodOption.real(
                    "selflabel.lambda",
                    25.0,
                    "λ of P^λ (25 on ImageNet, 10 on CIFAR); larger is sharper. 25: on Fashion-MNIST"
                            + " batches it beat 10 and 50 (docs/benchmarks.md).");
    public static final MethodOption<Integer> QUEUE_SIZE =
            MethodOption.integer(
                    "selflabel.queue-size",
                    4096,
                    "Recent images whose logits, by the labelling network of the moment, are"
                            + " balanced with the batch's; queue + batch must be at least"
                            + " selflabel.clusters.");
    public static final MethodOption<Integer> RELABEL_STEPS =
            MethodOption.integer(
                    "selflabel.relabel-steps",
                    50,
                    "R, steps between two label optimisations: the labels come from a frozen copy"
                            + " of the network taken every R steps (50 beat 25 and 100 on"
                            + " Fashion-MNIST, docs/benchmarks.md).");
    public static final MethodOption<Double> TOLERANCE =
            MethodOption.real(
                    "selflabel.tolerance", 0.1, "Sinkhorn-Knopp stopping tolerance (0.1).");
    public static final MethodOption<Integer> MAX_ITERATIONS =
            MethodOption.integer(
                    "selflabel.max-iterations",
                    100,
                    "At most this many Sinkhorn-Knopp iterations per step (the tolerance stops it"
                            + " earlier); 100 labelled as well as 1000 on Fashion-MNIST at twice"
                            + " the speed (docs/benchmarks.md).");
    public static final java.util.List<MethodOption<?>> OPTIONS =
            java.util.List.of(
                    CLUSTERS, HEADS, LAMBDA, QUEUE_SIZE, RELABEL_STEPS, TOLERANCE, MAX_ITERATIONS);

    /** The settings from the job's configuration, with Self-Label's single view. */
    public static SelfLabelSettings from(MethodConfig c) {
        return new SelfLabelSettings(
                c.get(CLUSTERS),
                c.get(HEADS),
                c.get(LAMBDA),
                c.get(QUEUE_SIZE),
                c.get(RELABEL_STEPS),
                c.get(TOLERANCE),
                c.get(MAX_ITERATIONS),
                c.singleView("selflabel"));
    }

    /** Balancing needs at least as many points (batch + queue) as labels. */
    @Override
    public void checkBatchSize(int batchSize) {
        if (batchSize + queueSize < clusters) {
            throw new IllegalArgumentException(
                    "selflabel needs at least as many points as labels to balance them: batch "
                            + batchSize
                            + " + selflabel.queue-size "
                            + queueSize
                            + " < selflabel.clusters "
                            + clusters
                            + "; raise selflabel.queue-size");
        }
    }
}
