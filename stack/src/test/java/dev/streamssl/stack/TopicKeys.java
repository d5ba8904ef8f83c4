package dev.streamssl.stack;

import dev.streamssl.producers.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * How many times each record key stands in a topic, as a {@code read_committed} consumer sees it:
 * the job keys embeddings by image id and dead letters by id or source coordinates, so a count
 * above one is a duplicate and a missing key a loss.
 */
public final class TopicKeys {
    private TopicKeys() {}

    /** The dead letters of a run that should have none: what arrives within 10 s, keyed. */
    public static Map<String, Integer> deadLetters(Properties client) {
        return count(client, "dead-letters", 0, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /**
     * Reads the topic from the start until it holds at least {@code atLeast} records and nothing
     * new arrived for {@code quiet}, or {@code timeout} passed.
     */
    public static Map<String, Integer> count(
            Properties client, String topic, int atLeast, Duration quiet, Duration timeout) {
        Map<String, Integer> counts = new HashMap<>();
        int records = 0;
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            KafkaClients.assignFromBeginning(consumer, topic);
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            long lastNew = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline
                    && (records < atLeast
                            || System.currentTimeMillis() - lastNew < quiet.toMillis())) {
                var batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : batch) {
                    counts.merge(r.key(), 1, Integer::sum);
                    records++;
                }
                if (!batch.isEmpty()) {
                    lastNew = System.currentTimeMillis();
                }
            }
        }
        return counts;
    }

    public static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
