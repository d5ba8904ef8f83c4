package dev.streamssl.job.kafka;

import dev.streamssl.job.config.InputOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.schemas.RecordLimits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Checks, before the job is submitted, that every topic it reads or writes exists. A missing images
 * topic sends Flink's Kafka source into a restart loop; a missing output topic is worse: the job
 * shows RUNNING, its sinks log {@code UNKNOWN_TOPIC_OR_PARTITION} warnings, and nothing comes out.
 * So a missing topic stops the submission with one line naming the missing topics and how to create
 * them, or, with {@code kafka.create-topics}, they are created (partitions and replication from
 * {@code kafka.topic-partitions} and {@code kafka.topic-replication}).
 */
public final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * The topics of a job's configuration: images, embeddings (and their JSON copy, if set), dead
     * letters, metrics.
     */
    public static Set<String> of(JobSettings settings) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(settings.get(KafkaOptions.IMAGES_TOPIC));
        for (String method : settings.methods()) {
            topics.add(settings.embeddingsTopic(method));
        }
        if (!settings.get(KafkaOptions.EMBEDDINGS_JSON_TOPIC).isEmpty()) {
            topics.add(settings.get(KafkaOptions.EMBEDDINGS_JSON_TOPIC));
        }
        topics.add(settings.get(KafkaOptions.DEAD_LETTER_TOPIC));
        topics.add(settings.get(KafkaOptions.METRICS_TOPIC));
        return topics;
    }

    /**
     * The images topic's configuration: records as large as the job accepts ({@code
     * input.max-bytes} plus room for the rest of the record), where Kafka's default is about 1 MB.
     */
    public static Map<String, String> imagesTopicConfig(JobSettings settings) {
        return Map.of(
                "max.message.bytes",
                String.valueOf(RecordLimits.recordBytes(settings.get(InputOptions.MAX_BYTES))));
    }

    /** Fails naming the missing topics, or creates them when the configuration says so. */
    public static void ensure(JobSettings settings) throws InterruptedException {
        Properties client = KafkaConnectors.clientProperties(settings);
        String servers = settings.get(KafkaOptions.BOOTSTRAP_SERVERS);
        client.setProperty("bootstrap.servers", servers);
        client.putIfAbsent("request.timeout.ms", "15000");
        client.putIfAbsent("default.api.timeout.ms", "20000");
        try (Admin admin = Admin.create(client)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> missing = new ArrayList<>();
            for (String topic : of(settings)) {
                if (!existing.contains(topic)) {
                    missing.add(topic);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (!settings.get(KafkaOptions.CREATE_TOPICS)) {
                throw new IllegalStateException(
                        "Kafka at "
                                + servers
                                + " has no topic "
                                + String.join(", ", missing)
                                + "; create "
                                + (missing.size() == 1 ? "it" : "them")
                                + " (kafka-topics.sh --bootstrap-server "
                                + servers
                                + " --create --topic "
                                + missing.get(0)
                                + " ...) or set kafka.create-topics=true");
            }
            List<NewTopic> create = new ArrayList<>();
            for (String topic : missing) {
                NewTopic t =
                        new NewTopic(
                                topic,
                                settings.get(KafkaOptions.TOPIC_PARTITIONS),
                                settings.get(KafkaOptions.TOPIC_REPLICATION).shortValue());
                if (topic.equals(settings.get(KafkaOptions.IMAGES_TOPIC))) {
                    t.configs(imagesTopicConfig(settings));
                }
                create.add(t);
            }
            admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    "cannot check the topics on Kafka at " + servers + ": " + cause, cause);
        }
    }
}
