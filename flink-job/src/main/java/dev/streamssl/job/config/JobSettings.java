package dev.streamssl.job.config;

import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.SimClrSettings;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.optim.OptimizerSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The validated configuration of one job. Built once at start-up from a Flink {@link
 * Configuration}; every out-of-range value fails here with the option's key and allowed range,
 * before anything starts. Operators receive the parts they need as plain serializable values.
 */
public final class JobSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Configuration configuration;

    private JobSettings(Configuration configuration) {
        this.configuration = configuration;
    }

    public static JobSettings from(Configuration c) {
        JobSettings s = new JobSettings(c);
        s.validate();
        return s;
    }

    private void validate() {
        if (get(KafkaOptions.BOOTSTRAP_SERVERS) == null
                || get(KafkaOptions.BOOTSTRAP_SERVERS).isBlank()) {
            throw new IllegalArgumentException(
                    "option 'kafka.bootstrap-servers' is required (host:port of your Kafka brokers)");
        }
        oneOf(KafkaOptions.DELIVERY, "exactly-once", "at-least-once");
        oneOf(KafkaOptions.STARTING_OFFSETS, "earliest", "latest", "committed");
        oneOf(LearnerOptions.METHOD, "simclr");
        range(InputOptions.CHANNELS, 1, 3);
        if (get(InputOptions.CHANNELS) == 2) {
            throw new IllegalArgumentException(
                    "option 'input.channels' = 2 is not allowed; use 1 or 3");
        }
        range(InputOptions.IMAGE_SIZE, 8, 1024);
        range(InputOptions.MAX_SIDE, 8, 65536);
        range(InputOptions.MAX_BYTES, 64, Integer.MAX_VALUE);
        range(LearnerOptions.BATCH_SIZE, 2, 65536);
        range(LearnerOptions.SNAPSHOT_INTERVAL, 1, Integer.MAX_VALUE);
        range(LearnerOptions.METRICS_INTERVAL, 1, Integer.MAX_VALUE);
        range(JobOptions.DECODE_PARALLELISM, 1, 1024);
        range(JobOptions.EMBEDDER_PARALLELISM, 1, 1024);
        range(EmbedderOptions.BATCH_SIZE, 1, 65536);
        range(KafkaOptions.DEAD_LETTER_MAX_BYTES, 0, 1 << 20);
        if (get(LearnerOptions.MAX_STEPS) < 0) {
            throw new IllegalArgumentException(
                    "option 'learner.max-steps' must be >= 0 (0 = no limit)");
        }
        if (get(KafkaOptions.TRANSACTION_TIMEOUT).compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException(
                    "option 'kafka.transaction-timeout' = "
                            + get(KafkaOptions.TRANSACTION_TIMEOUT)
                            + " exceeds the broker default maximum of 15 minutes");
        }
        if (get(InputOptions.MEAN).size() != get(InputOptions.CHANNELS)
                || get(InputOptions.STD).size() != get(InputOptions.CHANNELS)) {
            throw new IllegalArgumentException(
                    "options 'input.mean' and 'input.std' need one value per channel ("
                            + get(InputOptions.CHANNELS)
                            + "), got "
                            + get(InputOptions.MEAN)
                            + " and "
                            + get(InputOptions.STD));
        }
        try {
            Architecture.fromConfigName(get(LearnerOptions.ARCHITECTURE));
            learnerSettings();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid learner configuration: " + e.getMessage(), e);
        }
        String device = get(LearnerOptions.DEVICE);
        if (!device.equals("auto") && !device.equals("cpu") && !device.matches("gpu:\\d+")) {
            throw new IllegalArgumentException(
                    "option 'learner.device' = '" + device + "' is not cpu, auto or gpu:N");
        }
    }

    public <T> T get(ConfigOption<T> option) {
        return configuration.get(option);
    }

    public Configuration configuration() {
        return configuration;
    }

    public float[] mean() {
        return toArray(get(InputOptions.MEAN));
    }

    public float[] std() {
        return toArray(get(InputOptions.STD));
    }

    public Architecture architecture() {
        return Architecture.fromConfigName(get(LearnerOptions.ARCHITECTURE));
    }

    /** The learner core's settings, built from the options (throws on invalid values). */
    public LearnerSettings learnerSettings() {
        int size = get(InputOptions.IMAGE_SIZE);
        TwoViewAugmentation views = AugmentationConfig.twoViews(configuration, size, mean(), std());
        OptimizerSettings optimizer =
                new OptimizerSettings(
                        get(OptimizerOptions.KIND),
                        get(OptimizerOptions.LEARNING_RATE),
                        get(OptimizerOptions.WEIGHT_DECAY),
                        get(OptimizerOptions.MOMENTUM),
                        get(OptimizerOptions.LARS_TRUST_COEFFICIENT),
                        get(OptimizerOptions.SCHEDULE),
                        get(OptimizerOptions.WARMUP_STEPS),
                        get(OptimizerOptions.HORIZON_STEPS),
                        get(OptimizerOptions.FINAL_LR_FRACTION));
        SimClrSettings simclr =
                new SimClrSettings(
                        get(SimClrOptions.TEMPERATURE),
                        get(SimClrOptions.PROJECTION_HIDDEN_DIM),
                        get(SimClrOptions.PROJECTION_DIM),
                        views);
        return new LearnerSettings(
                architecture(),
                get(InputOptions.CHANNELS),
                size,
                get(LearnerOptions.BATCH_SIZE),
                get(LearnerOptions.DEVICE),
                get(LearnerOptions.SEED),
                optimizer,
                simclr);
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private void range(ConfigOption<Integer> option, int min, int max) {
        int v = get(option);
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    "option '"
                            + option.key()
                            + "' = "
                            + v
                            + " is out of range; allowed: ["
                            + min
                            + ", "
                            + max
                            + "]");
        }
    }

    private void oneOf(ConfigOption<String> option, String... allowed) {
        String v = get(option);
        for (String a : allowed) {
            if (a.equals(v)) {
                return;
            }
        }
        throw new IllegalArgumentException(
                "option '"
                        + option.key()
                        + "' = '"
                        + v
                        + "' is not allowed; allowed: "
                        + String.join(", ", allowed));
    }
}
