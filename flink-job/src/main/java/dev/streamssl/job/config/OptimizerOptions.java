package dev.streamssl.job.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Optimizer and learning-rate schedule (see {@code OptimizerSettings}). */
public final class OptimizerOptions {
    private OptimizerOptions() {}

    public static final ConfigOption<String> KIND =
            ConfigOptions.key("optimizer.kind")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("sgd, lars or adamw; default: the method's recipe.");

    public static final ConfigOption<Double> LEARNING_RATE =
            ConfigOptions.key("optimizer.learning-rate")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "Learning rate per 256 images; the rate used is this × batch / 256."
                                    + " Default: the method's recipe.");

    public static final ConfigOption<Double> WEIGHT_DECAY =
            ConfigOptions.key("optimizer.weight-decay")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "Weight decay (not applied to biases and normalisation parameters);"
                                    + " default: the method's recipe.");

    public static final ConfigOption<Double> MOMENTUM =
            ConfigOptions.key("optimizer.momentum")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "SGD/LARS momentum, or AdamW's beta1; default: the method's recipe.");

    public static final ConfigOption<Double> LARS_TRUST_COEFFICIENT =
            ConfigOptions.key("optimizer.lars-trust-coefficient")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "LARS's eta in the trust ratio eta·|w|/|g| (SimCLR and BYOL papers:"
                                    + " 0.001); default: the method's recipe.");

    public static final ConfigOption<String> SCHEDULE =
            ConfigOptions.key("optimizer.schedule")
                    .stringType()
                    .defaultValue("constant")
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

    /** The rules of these options, checked at start-up. */
    static final List<OptionCheck> CHECKS =
            List.of(OptionCheck.oneOf(SCHEDULE, "constant", "cosine"));
}
