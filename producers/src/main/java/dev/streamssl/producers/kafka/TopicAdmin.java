package dev.streamssl.producers.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the job's topics before it starts (a missing input topic sends the Kafka source into a
 * restart loop). Existing topics are left as they are.
 */
public final class TopicAdmin {
    private TopicAdmin() {}

    /**
     * @param topics name → partition count
     */
    public static void ensure(
            Properties clientProperties, Map<String, Integer> topics, short replication)
            throws ExecutionException, InterruptedException {
        ensure(clientProperties, topics, replication, Map.of());
    }

    /**
     * @param topics name → partition count
     * @param configs name → topic configuration of the topics that need one (the images topic's
     *     {@code max.message.bytes})
     */
    public static void ensure(
            Properties clientProperties,
            Map<String, Integer> topics,
            short replication,
            Map<String, Map<String, String>> configs)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (Map.Entry<String, Integer> t : topics.entrySet()) {
                if (!existing.contains(t.getKey())) {
                    missing.add(
                            new NewTopic(t.getKey(), t.getValue(), replication)
                                    .configs(configs.getOrDefault(t.getKey(), Map.of())));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
    }
}
