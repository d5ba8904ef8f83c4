package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Self-Label's own settings (see {@code SelfLabelSettings}). */
public final class SelfLabelOptions {
    private SelfLabelOptions() {}

    public static final ConfigOption<Integer> CLUSTERS =
            ConfigOptions.key("selflabel.clusters")
                    .intType()
                    .defaultValue(128)
                    .withDescription("K, labels per head (3000 on ImageNet, 128 on CIFAR-10).");

    public static final ConfigOption<Integer> HEADS =
            ConfigOptions.key("selflabel.heads")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Classifier heads, each with its own labels (the paper: 10).");

    public static final ConfigOption<Double> LAMBDA =
            ConfigOptions.key("selflabel.lambda")
                    .doubleType()
                    .defaultValue(25.0)
                    .withDescription(
                            "λ of P^λ (25 on ImageNet, 10 on CIFAR); larger is sharper. 25: on"
                                    + " Fashion-MNIST batches it beat 10 and 50 (docs/benchmarks.md).");

    public static final ConfigOption<Integer> QUEUE_SIZE =
            ConfigOptions.key("selflabel.queue-size")
                    .intType()
                    .defaultValue(4096)
                    .withDescription(
                            "Recent images whose logits, by the labelling network of the moment,"
                                    + " are balanced with the batch's; queue + batch must be at"
                                    + " least selflabel.clusters.");

    public static final ConfigOption<Integer> RELABEL_STEPS =
            ConfigOptions.key("selflabel.relabel-steps")
                    .intType()
                    .defaultValue(50)
                    .withDescription(
                            "R, steps between two label optimisations: the labels come from a"
                                    + " frozen copy of the network taken every R steps (50 beat"
                                    + " 25 and 100 on Fashion-MNIST, docs/benchmarks.md).");

    public static final ConfigOption<Double> TOLERANCE =
            ConfigOptions.key("selflabel.tolerance")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription("Sinkhorn-Knopp stopping tolerance (0.1).");

    public static final ConfigOption<Integer> MAX_ITERATIONS =
            ConfigOptions.key("selflabel.max-iterations")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "At most this many Sinkhorn-Knopp iterations per step (the tolerance"
                                    + " stops it earlier); 100 labelled as well as 1000 on"
                                    + " Fashion-MNIST at twice the speed (docs/benchmarks.md).");
}
