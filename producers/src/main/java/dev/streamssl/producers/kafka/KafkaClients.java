package dev.streamssl.producers.kafka;

import dev.streamssl.schemas.RecordLimits;
import dev.streamssl.schemas.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the tools' Kafka clients in one place. User properties (from {@code --kafka-properties},
 * e.g. security.protocol, sasl.*, ssl.*) are applied first; each setting made here says why.
 */
public final class KafkaClients {
    private KafkaClients() {}

    public static Properties base(String bootstrapServers, Path propertiesFile) throws IOException {
        Properties props = new Properties();
        if (propertiesFile != null) {
            try (InputStream in = Files.newInputStream(propertiesFile)) {
                props.load(in);
            }
        }
        props.setProperty("bootstrap.servers", bootstrapServers);
        return props;
    }

    /**
     * The properties a Kafka client takes: the schema registry's keys, which share the file with
     * them, are read by the codecs and would only make the client warn about unknown settings.
     */
    private static Properties forKafka(Properties base) {
        Properties p = new Properties();
        p.putAll(base);
        WireFormat.REGISTRY_PROPERTIES.forEach(p::remove);
        return p;
    }

    public static KafkaProducer<String, byte[]> producer(Properties base) {
        Properties p = forKafka(base);
        // no image may be lost or written twice by a retry
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // a camera JPEG is larger than the client's 1 MB default; the job accepts up to this
        p.putIfAbsent(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                String.valueOf(RecordLimits.IMAGE_RECORD_BYTES));
        // small images come many at a time: batch them
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** A consumer that reads a whole topic from the start, outside any consumer group. */
    public static KafkaConsumer<String, byte[]> reader(Properties base) {
        Properties p = forKafka(base);
        // the job writes embeddings in transactions: read only what it committed
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "streamssl-reader-" + UUID.randomUUID());
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Fails with one line naming the topic and how to create it when it does not exist: a producer
     * would otherwise wait a minute for its metadata and then time out.
     *
     * @throws IllegalArgumentException if the topic does not exist or Kafka does not answer
     */
    public static void requireTopic(Properties base, String topic) {
        Properties p = forKafka(base);
        p.putIfAbsent("request.timeout.ms", "15000");
        p.putIfAbsent("default.api.timeout.ms", "20000");
        try (org.apache.kafka.clients.admin.Admin admin =
                org.apache.kafka.clients.admin.Admin.create(p)) {
            if (!admin.listTopics()
                    .names()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .contains(topic)) {
                throw new IllegalArgumentException(
                        "topic '"
                                + topic
                                + "' does not exist on "
                                + base.getProperty("bootstrap.servers")
                                + "; create it (kafka-topics.sh --create --topic "
                                + topic
                                + " ...) or start the job with kafka.create-topics=true");
            }
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            throw new IllegalArgumentException(
                    "no answer from Kafka at "
                            + base.getProperty("bootstrap.servers")
                            + " within 30 s while looking up topic '"
                            + topic
                            + "'; check --bootstrap-servers and --kafka-properties",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up topic " + topic, e);
        }
    }

    /**
     * Assigns every partition of a topic to a reader and rewinds it to the start.
     *
     * @throws IllegalArgumentException if the topic does not exist
     */
    public static void assignFromBeginning(KafkaConsumer<String, byte[]> consumer, String topic) {
        java.util.List<org.apache.kafka.common.PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, java.time.Duration.ofSeconds(30));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalArgumentException(
                    "no answer from Kafka within 30 s while looking up topic '"
                            + topic
                            + "'; check --bootstrap-servers and --kafka-properties",
                    e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic '" + topic + "' does not exist");
        }
        java.util.List<org.apache.kafka.common.TopicPartition> partitions =
                infos.stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }
}
