package dev.streamssl.job.config;

import dev.streamssl.learner.drift.DriftCheck;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * {@code drift.*}: the learner's check that the stream still carries what it carried (a two-sample
 * MMD test of recent images against a reference, both embedded by the current model).
 */
public final class DriftOptions {
    private DriftOptions() {}

    public static final ConfigOption<Long> CHECK_EVERY =
            ConfigOptions.key("drift.check-every")
                    .longType()
                    .defaultValue(DriftCheck.Settings.DEFAULT.every())
                    .withDescription(
                            "Images the learner trains on between drift checks; 0 turns the"
                                    + " check off. Each check embeds drift.reference-size +"
                                    + " drift.window images once.");

    public static final ConfigOption<Integer> REFERENCE_SIZE =
            ConfigOptions.key("drift.reference-size")
                    .intType()
                    .defaultValue(DriftCheck.Settings.DEFAULT.referenceSize())
                    .withDescription(
                            "Images of the reference: the first ones the learner sees, and after"
                                    + " an alarm the first ones after it.");

    public static final ConfigOption<Integer> WINDOW =
            ConfigOptions.key("drift.window")
                    .intType()
                    .defaultValue(DriftCheck.Settings.DEFAULT.window())
                    .withDescription("The latest images compared with the reference.");

    public static final ConfigOption<Double> FALSE_ALARM_RATE =
            ConfigOptions.key("drift.false-alarm-rate")
                    .doubleType()
                    .defaultValue(DriftCheck.Settings.DEFAULT.falseAlarmRate())
                    .withDescription(
                            "Share of checks on an unchanged stream that may raise the alarm; the"
                                    + " threshold is calibrated for it on the reference.");

    static final List<OptionCheck> CHECKS =
            List.of(
                    OptionCheck.atLeast(CHECK_EVERY, 0L, "0 = off"),
                    OptionCheck.range(WINDOW, 2, 1 << 16),
                    OptionCheck.range(REFERENCE_SIZE, 4, 1 << 17),
                    DriftOptions::referenceHoldsTwoWindows,
                    DriftOptions::calibratable);

    private static void calibratable(Configuration c) {
        double rate = c.get(FALSE_ALARM_RATE);
        if (!(rate >= 0.001 && rate < 1)) {
            throw new IllegalArgumentException(
                    "option 'drift.false-alarm-rate' = "
                            + rate
                            + " must be in [0.001, 1) (the threshold is calibrated on 1 000"
                            + " splits of the reference)");
        }
    }

    private static void referenceHoldsTwoWindows(Configuration c) {
        if (c.get(REFERENCE_SIZE) < 2 * c.get(WINDOW)) {
            throw new IllegalArgumentException(
                    "option 'drift.reference-size' = "
                            + c.get(REFERENCE_SIZE)
                            + " must be at least twice 'drift.window' = "
                            + c.get(WINDOW)
                            + " (the threshold is calibrated on splits of the reference)");
        }
    }
}
