package dev.streamssl.stack;

import dev.streamssl.job.StreamSslJob;
import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.kafka.KafkaTopics;
import dev.streamssl.job.kafka.SchemaSubjects;
import dev.streamssl.producers.kafka.TopicAdmin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded stack: a real KRaft broker in this JVM, the job's topics, and the streamssl job on a
 * Flink MiniCluster (a local environment), started asynchronously. Used by {@code streamssl local},
 * {@code streamssl demo} and the integration tests.
 */
public final class LocalStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private JobSettings settings;
    private JobClient job;
    private String webUi;

    private LocalStack(EmbeddedKafka kafka, JobSettings settings) {
        this.kafka = kafka;
        this.settings = settings;
    }

    /**
     * Starts a broker and creates the topics; the job's options are {@code overrides} on top of the
     * defaults, with {@code kafka.bootstrap-servers} pointing to the embedded broker.
     */
    public static LocalStack start(Map<String, String> overrides) throws Exception {
        return start(EmbeddedKafka.start(), overrides);
    }

    /** As {@link #start(Map)}, on a broker already started; the stack closes it. */
    public static LocalStack start(EmbeddedKafka kafka, Map<String, String> overrides)
            throws Exception {
        try {
            Map<String, String> options = new LinkedHashMap<>(overrides);
            options.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            JobSettings settings = JobSettings.from(ConfigLoader.fromMap(options));
            int decode = settings.get(JobOptions.DECODE_PARALLELISM);
            int embed = settings.get(JobOptions.EMBEDDER_PARALLELISM);
            Map<String, Integer> topics = new LinkedHashMap<>();
            // each of several learners reads partitions of its own
            topics.put(
                    settings.get(KafkaOptions.IMAGES_TOPIC),
                    Math.max(Math.max(decode, settings.learnerParallelism()), 2));
            for (String method : settings.methods()) {
                topics.put(settings.embeddingsTopic(method), Math.max(embed, 2));
            }
            if (!settings.get(KafkaOptions.EMBEDDINGS_JSON_TOPIC).isEmpty()) {
                topics.put(settings.get(KafkaOptions.EMBEDDINGS_JSON_TOPIC), Math.max(embed, 2));
            }
            topics.put(settings.get(KafkaOptions.DEAD_LETTER_TOPIC), 1);
            topics.put(settings.get(KafkaOptions.METRICS_TOPIC), 1);
            TopicAdmin.ensure(
                    kafka.clientProperties(),
                    topics,
                    (short) 1,
                    Map.of(
                            settings.get(KafkaOptions.IMAGES_TOPIC),
                            KafkaTopics.imagesTopicConfig(settings)));
            return new LocalStack(kafka, settings);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    public JobSettings settings() {
        return settings;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** Submits the job to a MiniCluster in this JVM and returns at once. */
    public JobClient startJob() throws Exception {
        return startJob(null);
    }

    /**
     * Submits the job, restored from {@code savepoint} when not null, and returns at once. A job
     * started before must have stopped (a savepoint taken with stop).
     */
    public JobClient startJob(String savepoint) throws Exception {
        Configuration conf = clusterConfiguration(settings);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        // Flink's web UI (job graph, backpressure, the streamssl.* metrics), on loopback only
        int port = freePort();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, port);
        // operators without a parallelism of their own run beside the embedders, not the learners
        conf.set(
                CoreOptions.DEFAULT_PARALLELISM,
                Math.max(
                        settings.get(JobOptions.DECODE_PARALLELISM),
                        settings.get(JobOptions.EMBEDDER_PARALLELISM)));
        webUi = "http://127.0.0.1:" + port;
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        SchemaSubjects.registerAtSubmission(settings);
        StreamSslJob.attach(env, settings);
        job = env.executeAsync(settings.get(JobOptions.NAME));
        return job;
    }

    /**
     * The Flink settings of a local run: checkpoint storage, one slot per parallel instance, and
     * five restarts a second apart (a failure is recovered from the last checkpoint, a job that
     * keeps failing stops).
     */
    public static Configuration clusterConfiguration(JobSettings settings) {
        Configuration conf = StreamSslJob.flinkConfiguration(settings);
        // several learners run in slots of their own, one each
        int learners = settings.learnerParallelism();
        int slots =
                Math.max(
                                settings.get(JobOptions.DECODE_PARALLELISM),
                                settings.get(JobOptions.EMBEDDER_PARALLELISM))
                        + (learners > 1 ? learners : 0);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                java.time.Duration.ofSeconds(1));
        return conf;
    }

    /**
     * The job's options from here on: {@code overrides} on the defaults, with this stack's broker
     * (for a job restored from a savepoint with other options).
     */
    public void reconfigure(Map<String, String> overrides) {
        Map<String, String> options = new LinkedHashMap<>(overrides);
        options.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings = JobSettings.from(ConfigLoader.fromMap(options));
    }

    /** Where Flink's web UI serves the running job, once {@link #startJob} ran. */
    public String webUi() {
        return webUi;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (job != null) {
                try {
                    job.cancel().get();
                } catch (Exception e) {
                    // already finished or failed: nothing to cancel
                }
            }
        } finally {
            kafka.close();
        }
    }
}
