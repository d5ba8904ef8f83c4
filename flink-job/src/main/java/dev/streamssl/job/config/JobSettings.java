package dev.streamssl.job.config;

import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.learner.export.WarmStart;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.MethodSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.VitShape;
import dev.streamssl.learner.optim.OptimizerSettings;
import dev.streamssl.learner.optim.Recipe;
import dev.streamssl.learner.parallel.OuterOptimizer;
import dev.streamssl.schemas.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
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
    // resolved where the job is built (the properties file may exist only there) and shipped
    private WireFormat wireFormat;

    private JobSettings(Configuration configuration) {
        this.configuration = configuration;
    }

    public static JobSettings from(Configuration c) {
        JobSettings s = new JobSettings(c);
        s.validate();
        try {
            s.wireFormat =
                    s.get(SerdeOptions.FORMAT).equals("registry")
                            ? WireFormat.of(
                                    "registry",
                                    s.get(SerdeOptions.REGISTRY_URL),
                                    s.clientProperties())
                            : WireFormat.singleObject();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option 'serde.format': " + e.getMessage(), e);
        }
        return s;
    }

    /** The framing of every record the job reads and writes ({@code serde.format}). */
    public WireFormat wireFormat() {
        return wireFormat;
    }

    /**
     * The Kafka client properties from {@code kafka.properties-file} (security, SASL, SSL, and the
     * schema registry's URL and credentials); empty without one.
     */
    public Properties clientProperties() {
        Properties props = new Properties();
        String file = get(KafkaOptions.PROPERTIES_FILE);
        if (file != null) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "option 'kafka.properties-file': cannot read "
                                + file
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
        return props;
    }

    private void validate() {
        if (get(KafkaOptions.BOOTSTRAP_SERVERS) == null
                || get(KafkaOptions.BOOTSTRAP_SERVERS).isBlank()) {
            throw new IllegalArgumentException(
                    "option 'kafka.bootstrap-servers' is required (host:port of your Kafka brokers)");
        }
        oneOf(KafkaOptions.DELIVERY, "exactly-once", "at-least-once");
        oneOf(SerdeOptions.FORMAT, "single-object", "registry");
        oneOf(KafkaOptions.STARTING_OFFSETS, "earliest", "latest", "committed");
        knownMethod(LearnerOptions.METHOD, get(LearnerOptions.METHOD));
        List<String> several = configuration.getOptional(LearnerOptions.METHODS).orElse(List.of());
        for (String m : several) {
            knownMethod(LearnerOptions.METHODS, m);
        }
        if (new java.util.HashSet<>(several).size() != several.size()) {
            throw new IllegalArgumentException(
                    "option 'learner.methods' names a method twice: " + several);
        }
        oneOf(LearnerOptions.RECIPE, "small", "paper");
        oneOf(OptimizerOptions.SCHEDULE, "constant", "cosine");
        oneOf(LearnerOptions.MODE, "every-image", "sample", "off");
        oneOf(LearnerOptions.REPLAY_POLICY, "fifo", "reservoir", "minred");
        range(LearnerOptions.REPLAY_STEPS_PER_BATCH, 1, 64);
        range(InputOptions.CHANNELS, 1, 3);
        if (get(InputOptions.CHANNELS) == 2) {
            throw new IllegalArgumentException(
                    "option 'input.channels' = 2 is not allowed; use 1 or 3");
        }
        range(InputOptions.IMAGE_SIZE, 8, 1024);
        if (decodeSize() < get(InputOptions.IMAGE_SIZE) || decodeSize() > 1024) {
            throw new IllegalArgumentException(
                    "option 'input.decode-size' = "
                            + decodeSize()
                            + " is out of range; allowed: [input.image-size ("
                            + get(InputOptions.IMAGE_SIZE)
                            + "), 1024]");
        }
        range(InputOptions.MAX_SIDE, 8, 65536);
        range(InputOptions.MAX_BYTES, 64, Integer.MAX_VALUE);
        range(InputOptions.MAX_ID_LENGTH, 1, 1 << 16);
        range(KafkaOptions.TOPIC_PARTITIONS, 1, 10_000);
        range(KafkaOptions.TOPIC_REPLICATION, 1, Short.MAX_VALUE);
        if (get(InputOptions.MAX_PIXELS) < 1 || get(InputOptions.MAX_PIXELS) > 1L << 32) {
            throw new IllegalArgumentException(
                    "option 'input.max-pixels' = "
                            + get(InputOptions.MAX_PIXELS)
                            + " is out of range; allowed: [1, 4294967296]");
        }
        range(LearnerOptions.BATCH_SIZE, 2, 65536);
        range(LearnerOptions.SNAPSHOT_INTERVAL, 1, Integer.MAX_VALUE);
        range(LearnerOptions.EXPORT_EVERY_VERSIONS, 1, Integer.MAX_VALUE);
        range(LearnerOptions.SAMPLE_MAX_PENDING, 1, 1 << 20);
        if (get(LearnerOptions.REPLAY_CAPACITY) < get(LearnerOptions.BATCH_SIZE)
                || get(LearnerOptions.REPLAY_CAPACITY) > 1 << 22) {
            throw new IllegalArgumentException(
                    "option 'learner.replay.capacity' = "
                            + get(LearnerOptions.REPLAY_CAPACITY)
                            + " is out of range; allowed: [learner.batch-size ("
                            + get(LearnerOptions.BATCH_SIZE)
                            + "), 4194304]");
        }
        range(LearnerOptions.METRICS_INTERVAL, 1, Integer.MAX_VALUE);
        faultInjection();
        range(JobOptions.DECODE_PARALLELISM, 1, 1024);
        range(JobOptions.EMBEDDER_PARALLELISM, 1, 1024);
        range(EmbedderOptions.BATCH_SIZE, 1, 65536);
        range(EmbedderOptions.THREADS, 0, 1024);
        range(EmbedderOptions.NICENESS, 0, 19);
        range(LearnerOptions.THREADS, 0, 1024);
        range(EmbedderOptions.LIVE_KNN_BANK_SIZE, 0, 1 << 20);
        range(EmbedderOptions.LIVE_KNN_TEST_SIZE, 1, 1 << 20);
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
            learnerSettings();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid learner configuration: " + e.getMessage(), e);
        }
        if (!get(LearnerOptions.INIT_FROM).isBlank()) {
            try {
                WarmStart.encoderWeights(
                        Path.of(get(LearnerOptions.INIT_FROM)),
                        architecture(),
                        get(InputOptions.CHANNELS),
                        get(InputOptions.IMAGE_SIZE));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(
                        "option 'learner.init-from' = '"
                                + get(LearnerOptions.INIT_FROM)
                                + "': "
                                + e.getMessage(),
                        e);
            }
        }
        validateReplicas();
        String device = get(LearnerOptions.DEVICE);
        if (!device.equals("auto") && !device.equals("cpu") && !device.matches("gpu:\\d+")) {
            throw new IllegalArgumentException(
                    "option 'learner.device' = '" + device + "' is not cpu, auto or gpu:N");
        }
    }

    /** Several learners per method: what they need, in messages a user can act on. */
    private void validateReplicas() {
        range(LearnerOptions.PARALLELISM, 1, 1024);
        range(LearnerOptions.SYNC_EVERY, 1, Integer.MAX_VALUE);
        outerOptimizer();
        int replicas = learnerParallelism();
        range(LearnerOptions.SLOT_GPUS, 0, 64);
        if (get(LearnerOptions.SLOT_GPUS) > 0
                && (!(get(LearnerOptions.SLOT_CPU_CORES) > 0)
                        || get(LearnerOptions.SLOT_TASK_HEAP_MB) <= 0)) {
            throw new IllegalArgumentException(
                    "option 'learner.slot.gpus' = "
                            + get(LearnerOptions.SLOT_GPUS)
                            + " needs learner.slot.cpu-cores and"
                            + " learner.slot.task-heap-memory-mb above 0 (Flink sizes a slot"
                            + " that asks for a GPU by all three)");
        }
        if (replicas == 1) {
            return;
        }
        if (get(LearnerOptions.MODE).equals("sample")) {
            throw new IllegalArgumentException(
                    "option 'learner.parallelism' = "
                            + replicas
                            + " needs learner.mode every-image (sample mode's background trainer"
                            + " does not take part in averaging rounds yet)");
        }
        if (methods().size() > 1) {
            // each method's settings check themselves, through this path with one method
            methods().forEach(this::forMethod);
            return;
        }
        String why = learnerSettings().method().whyNotDataParallel();
        if (why != null) {
            throw new IllegalArgumentException(
                    "option 'learner.parallelism' = "
                            + replicas
                            + ": method "
                            + get(LearnerOptions.METHOD)
                            + " trains on one learner only: "
                            + why);
        }
    }

    /**
     * Learners per method; 1 unless the learner is on and {@code learner.parallelism} says more.
     */
    public int learnerParallelism() {
        return get(LearnerOptions.MODE).equals("off") ? 1 : get(LearnerOptions.PARALLELISM);
    }

    /** The outer optimizer of the averaging rounds (fails on an unknown name or bad values). */
    public OuterOptimizer outerOptimizer() {
        return OuterOptimizer.fromConfigName(
                get(LearnerOptions.OUTER_OPTIMIZER),
                get(LearnerOptions.OUTER_LEARNING_RATE),
                get(LearnerOptions.OUTER_MOMENTUM));
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
        return Architecture.fromConfigName(
                get(LearnerOptions.ARCHITECTURE),
                new VitShape(
                        get(VitOptions.PATCH_SIZE),
                        get(VitOptions.DIM),
                        get(VitOptions.DEPTH),
                        get(VitOptions.HEADS)));
    }

    /**
     * The methods this job trains side by side: {@code learner.methods} when given, else the one
     * {@code learner.method}.
     */
    public List<String> methods() {
        List<String> several = configuration.getOptional(LearnerOptions.METHODS).orElse(List.of());
        return several.isEmpty() ? List.of(get(LearnerOptions.METHOD)) : several;
    }

    /**
     * The topic a method's embeddings go to: {@code kafka.topics.embeddings}, or {@code
     * <kafka.topics.embeddings>-<method>} with {@code kafka.topics.embeddings-per-method}.
     */
    public String embeddingsTopic(String method) {
        String topic = get(KafkaOptions.EMBEDDINGS_TOPIC);
        return get(KafkaOptions.EMBEDDINGS_TOPIC_PER_METHOD) ? topic + "-" + method : topic;
    }

    /** These settings for one of {@link #methods()}: {@code learner.method} set to it. */
    public JobSettings forMethod(String method) {
        Configuration one = new Configuration(configuration);
        one.removeConfig(LearnerOptions.METHODS);
        one.set(LearnerOptions.METHOD, method);
        return JobSettings.from(one);
    }

    /** The failures {@code job.inject-failure} asks for (none by default). */
    public FaultInjection faultInjection() {
        return FaultInjection.parse(get(JobOptions.INJECT_FAILURE));
    }

    /**
     * Side of the learner's decoded images ({@code input.decode-size}, by default the model's input
     * size): its random resized crops are drawn from them.
     */
    public int decodeSize() {
        return configuration
                .getOptional(InputOptions.DECODE_SIZE)
                .orElse(get(InputOptions.IMAGE_SIZE));
    }

    /** The learner core's settings, built from the options (throws on invalid values). */
    public LearnerSettings learnerSettings() {
        int size = get(InputOptions.IMAGE_SIZE);
        Architecture architecture = architecture();
        if (architecture.vit() != null && size % architecture.vit().patchSize() != 0) {
            throw new IllegalArgumentException(
                    "option 'input.image-size' = "
                            + size
                            + " is not a multiple of 'vit.patch-size' = "
                            + architecture.vit().patchSize());
        }
        return new LearnerSettings(
                architecture,
                get(InputOptions.CHANNELS),
                size,
                get(LearnerOptions.BATCH_SIZE),
                get(LearnerOptions.DEVICE),
                get(LearnerOptions.SEED),
                optimizerSettings(),
                methodSettings(size, architecture),
                get(LearnerOptions.INIT_FROM).isBlank() ? null : get(LearnerOptions.INIT_FROM));
    }

    private OptimizerSettings optimizerSettings() {
        Recipe recipe =
                Methods.named(get(LearnerOptions.METHOD)).recipe(get(LearnerOptions.RECIPE));
        // with several learners the rate follows the global batch, learners × batch (the linear
        // scaling rule as DINO's and MoCo's multi-GPU code apply it): averaged every step, N
        // learners then take the step one learner takes on all their images
        int replicas = Math.max(1, get(LearnerOptions.PARALLELISM));
        return new OptimizerSettings(
                or(OptimizerOptions.KIND, recipe.kind()),
                or(OptimizerOptions.LEARNING_RATE, recipe.learningRate()) * replicas,
                or(OptimizerOptions.WEIGHT_DECAY, recipe.weightDecay()),
                or(OptimizerOptions.MOMENTUM, recipe.momentum()),
                or(OptimizerOptions.LARS_TRUST_COEFFICIENT, recipe.larsTrustCoefficient()),
                get(OptimizerOptions.SCHEDULE),
                get(OptimizerOptions.WARMUP_STEPS),
                get(OptimizerOptions.HORIZON_STEPS),
                get(OptimizerOptions.FINAL_LR_FRACTION));
    }

    private MethodSettings methodSettings(int size, Architecture architecture) {
        return Methods.named(get(LearnerOptions.METHOD))
                .settings()
                .apply(new JobMethodConfig(configuration, architecture, size, mean(), std()));
    }

    private <T> T or(ConfigOption<T> option, T fallback) {
        T value = get(option);
        return value == null ? fallback : value;
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

    private static void knownMethod(ConfigOption<?> option, String name) {
        try {
            Methods.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "option '" + option.key() + "': " + e.getMessage(), e);
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
