package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Optimizer and learning-rate schedule (see {@code OptimizerSettings}). */
public final class OptimizerOptions {
    private OptimizerOptions() {}

    public static final ConfigOption<String> KIND =
            ConfigOptions.key("optimizer.kind")
                    .stringType()
                    .defaultValue("lars")
                    .withDescription("sgd, lars (SimCLR's) or adamw.");

    public static final ConfigOption<Double> LEARNING_RATE =
            ConfigOptions.key("optimizer.learning-rate")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription(
                            "Learning rate per 256 images; the rate used is this × batch / 256.");

    public static final ConfigOption<Double> WEIGHT_DECAY =
            ConfigOptions.key("optimizer.weight-decay")
                    .doubleType()
                    .defaultValue(1e-6)
                    .withDescription("Weight decay (not applied to biases and BatchNorm).");

    public static final ConfigOption<Double> MOMENTUM =
            ConfigOptions.key("optimizer.momentum")
                    .doubleType()
                    .defaultValue(0.9)
                    .withDescription("SGD/LARS momentum, or AdamW's beta1.");

    public static final ConfigOption<Double> LARS_TRUST_COEFFICIENT =
            ConfigOptions.key("optimizer.lars-trust-coefficient")
                    .doubleType()
                    .defaultValue(0.001)
                    .withDescription(
                            "LARS's eta in the trust ratio eta·|w|/|g| (SimCLR, BYOL: 0.001).");

    public static final ConfigOption<String> SCHEDULE =
            ConfigOptions.key("optimizer.schedule")
                    .stringType()
                    .defaultValue("cosine")
                    .withDescription(
                            "constant: warm-up, then the peak rate for ever (an unbounded stream);"
                                    + " cosine: warm-up, then a half-cosine to the final rate at"
                                    + " horizon-steps (a run with a budget).");

    public static final ConfigOption<Long> WARMUP_STEPS =
            ConfigOptions.key("optimizer.warmup-steps")
                    .longType()
                    .defaultValue(50L)
                    .withDescription("Linear warm-up steps.");

    public static final ConfigOption<Long> HORIZON_STEPS =
            ConfigOptions.key("optimizer.horizon-steps")
                    .longType()
                    .defaultValue(5000L)
                    .withDescription(
                            "Steps of the cosine decay; the rate then holds its final value.");

    public static final ConfigOption<Double> FINAL_LR_FRACTION =
            ConfigOptions.key("optimizer.final-lr-fraction")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription("Final learning rate as a fraction of the peak.");
}
