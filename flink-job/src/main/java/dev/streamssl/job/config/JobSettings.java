package dev.streamssl.job.config;

import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.learner.continual.ContinualSettings;
import dev.streamssl.learner.continual.ContinualStrategies;
import dev.streamssl.learner.drift.DriftCheck;
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

    /** The rules of every option group, in the order they are checked. */
    private static final List<List<OptionCheck>> CHECKS =
            List.of(
                    KafkaOptions.CHECKS,
                    SerdeOptions.CHECKS,
                    LearnerOptions.CHECKS,
                    ContinualOptions.CHECKS,
                    DriftOptions.CHECKS,
                    OptimizerOptions.CHECKS,
                    InputOptions.CHECKS,
                    JobOptions.CHECKS,
                    EmbedderOptions.CHECKS);

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

    /**
     * Each option group's rules ({@link OptionCheck}), then what only the settings built from all
     * of them can tell: the learner's settings, the warm-start weights, several learners.
     */
    private void validate() {
        for (List<OptionCheck> group : CHECKS) {
            for (OptionCheck check : group) {
                check.check(configuration);
            }
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
        for (String method : methods()) {
            ContinualStrategies.checkComposes(get(ContinualOptions.STRATEGY), method);
        }
        validateReplicas();
    }

    /** Several learners per method: what they need, in messages a user can act on. */
    private void validateReplicas() {
        outerOptimizer();
        int replicas = learnerParallelism();
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
                get(LearnerOptions.INIT_FROM).isBlank() ? null : get(LearnerOptions.INIT_FROM),
                continualSettings());
    }

    /** The learner's drift check ({@code drift.*}). */
    public DriftCheck.Settings driftSettings() {
        return new DriftCheck.Settings(
                get(DriftOptions.REFERENCE_SIZE),
                get(DriftOptions.WINDOW),
                get(DriftOptions.CHECK_EVERY),
                get(DriftOptions.FALSE_ALARM_RATE));
    }

    /** The continual strategy composed with the method ({@code continual.*}). */
    public ContinualSettings continualSettings() {
        return new ContinualSettings(
                get(ContinualOptions.STRATEGY),
                get(ContinualOptions.REFRESH_EVERY),
                configuration.getOptional(ContinualOptions.WEIGHT).orElse(Double.NaN),
                get(ContinualOptions.PREDICTOR_HIDDEN_DIM),
                get(ContinualOptions.TEMPERATURE),
                get(ContinualOptions.HEAD_WARMUP_STEPS));
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
}
