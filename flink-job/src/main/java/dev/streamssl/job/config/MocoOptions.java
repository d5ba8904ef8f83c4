package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** MoCo's own settings (see {@code MocoSettings}). */
public final class MocoOptions {
    private MocoOptions() {}

    public static final ConfigOption<String> VERSION =
            ConfigOptions.key("moco.version")
                    .stringType()
                    .defaultValue("v2")
                    .withDescription(
                            "v2 (MLP head, τ 0.2, MoCo v2 views) or v1 (linear head, τ 0.07).");

    public static final ConfigOption<Double> TEMPERATURE =
            ConfigOptions.key("moco.temperature")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "InfoNCE temperature τ in (0, 10]; default 0.2 (v2) or 0.07 (v1).");

    public static final ConfigOption<Integer> QUEUE_SIZE =
            ConfigOptions.key("moco.queue-size")
                    .intType()
                    .defaultValue(4096)
                    .withDescription("K, negative keys in the queue (65536 on ImageNet).");

    public static final ConfigOption<Double> MOMENTUM =
            ConfigOptions.key("moco.momentum")
                    .doubleType()
                    .defaultValue(0.99)
                    .withDescription(
                            "Key encoder EMA momentum m (0.999 in the paper for 200 epochs; 0.99 for"
                                    + " short runs, as solo-learn's CIFAR setting).");

    public static final ConfigOption<Integer> PROJECTION_HIDDEN_DIM =
            ConfigOptions.key("moco.projection-hidden-dim")
                    .intType()
                    .defaultValue(512)
                    .withDescription("Hidden width of the v2 MLP head.");

    public static final ConfigOption<Integer> PROJECTION_DIM =
            ConfigOptions.key("moco.projection-dim")
                    .intType()
                    .defaultValue(128)
                    .withDescription("Dimension of queries and keys (128 in the paper).");

    public static final ConfigOption<Boolean> SYMMETRIC =
            ConfigOptions.key("moco.symmetric")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Loss over both view orders (solo-learn's MoCo v2+); false: one order, as"
                                    + " the paper.");

    public static final ConfigOption<Integer> SHUFFLE_BN_GROUPS =
            ConfigOptions.key("moco.shuffle-bn-groups")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "BatchNorm sub-batches emulating shuffle-BN on one device (1 = off).");
}
