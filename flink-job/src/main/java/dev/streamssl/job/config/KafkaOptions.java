package dev.streamssl.job.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Where the job reads and writes: the broker, the topics and the delivery guarantee. */
public final class KafkaOptions {
    private KafkaOptions() {}

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers, host:port[,host:port].");

    public static final ConfigOption<String> PROPERTIES_FILE =
            ConfigOptions.key("kafka.properties-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Java properties file with extra Kafka client settings (security.protocol,"
                                    + " sasl.*, ssl.*), applied to every source and sink.");

    public static final ConfigOption<String> IMAGES_TOPIC =
            ConfigOptions.key("kafka.topics.images")
                    .stringType()
                    .defaultValue("images")
                    .withDescription("Topic of ImageRecord values.");

    public static final ConfigOption<String> EMBEDDINGS_TOPIC =
            ConfigOptions.key("kafka.topics.embeddings")
                    .stringType()
                    .defaultValue("embeddings")
                    .withDescription("Topic the EmbeddingRecords are written to.");

    public static final ConfigOption<String> EMBEDDINGS_JSON_TOPIC =
            ConfigOptions.key("kafka.topics.embeddings-json")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "If set, every embedding is also written to this topic as schemaless"
                                    + " JSON ({id, vector, method, modelVersion, label, split,"
                                    + " cluster, timestampMs}; all methods to one topic), for"
                                    + " Kafka Connect sinks and Flink SQL's json format. Empty:"
                                    + " off.");

    public static final ConfigOption<Boolean> EMBEDDINGS_TOPIC_PER_METHOD =
            ConfigOptions.key("kafka.topics.embeddings-per-method")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Write each method's embeddings to a topic of its own,"
                                    + " <kafka.topics.embeddings>-<method> (with learner.methods),"
                                    + " instead of all to kafka.topics.embeddings.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("kafka.topics.dead-letters")
                    .stringType()
                    .defaultValue("dead-letters")
                    .withDescription(
                            "Topic of records the job could not process, with the reason.");

    public static final ConfigOption<String> METRICS_TOPIC =
            ConfigOptions.key("kafka.topics.metrics")
                    .stringType()
                    .defaultValue("metrics")
                    .withDescription("Topic of TrainingMetrics reports.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("kafka.group-id")
                    .stringType()
                    .defaultValue("streamssl")
                    .withDescription(
                            "Consumer group of the images source (offsets are checkpointed by Flink).");

    public static final ConfigOption<String> STARTING_OFFSETS =
            ConfigOptions.key("kafka.starting-offsets")
                    .stringType()
                    .defaultValue("earliest")
                    .withDescription(
                            "Where a job without a checkpoint starts: earliest, latest or committed.");

    public static final ConfigOption<String> DELIVERY =
            ConfigOptions.key("kafka.delivery")
                    .stringType()
                    .defaultValue("exactly-once")
                    .withDescription(
                            "Sink guarantee: exactly-once (Kafka transactions) or at-least-once.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("streamssl")
                    .withDescription(
                            "Prefix of the sinks' transactional ids; must be unique per job on a cluster.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Kafka transaction timeout; must not exceed the broker's"
                                    + " transaction.max.timeout.ms (15 minutes by default).");

    public static final ConfigOption<Integer> DEAD_LETTER_MAX_BYTES =
            ConfigOptions.key("kafka.dead-letter-max-bytes")
                    .intType()
                    .defaultValue(64 * 1024)
                    .withDescription(
                            "The original bytes kept in a dead letter are cut at this size.");

    public static final ConfigOption<Boolean> CREATE_TOPICS =
            ConfigOptions.key("kafka.create-topics")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Create missing topics at submission; false: a missing topic stops the"
                                    + " submission with a message naming it.");

    public static final ConfigOption<Integer> TOPIC_PARTITIONS =
            ConfigOptions.key("kafka.topic-partitions")
                    .intType()
                    .defaultValue(4)
                    .withDescription("Partitions of topics created by kafka.create-topics.");

    public static final ConfigOption<Integer> TOPIC_REPLICATION =
            ConfigOptions.key("kafka.topic-replication")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Replication factor of topics created by kafka.create-topics.");

    /** The rules of these options, checked at start-up. */
    static final List<OptionCheck> CHECKS =
            List.of(
                    OptionCheck.required(BOOTSTRAP_SERVERS, "host:port of your Kafka brokers"),
                    OptionCheck.oneOf(DELIVERY, "exactly-once", "at-least-once"),
                    OptionCheck.oneOf(STARTING_OFFSETS, "earliest", "latest", "committed"),
                    OptionCheck.range(TOPIC_PARTITIONS, 1, 10_000),
                    OptionCheck.range(TOPIC_REPLICATION, 1, Short.MAX_VALUE),
                    OptionCheck.range(DEAD_LETTER_MAX_BYTES, 0, 1 << 20),
                    OptionCheck.atMost(
                            TRANSACTION_TIMEOUT,
                            Duration.ofMinutes(15),
                            "the broker default maximum of 15 minutes"));
}
