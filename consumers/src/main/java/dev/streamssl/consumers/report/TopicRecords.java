package dev.streamssl.consumers.report;

import dev.streamssl.producers.kafka.KafkaClients;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads a topic from the beginning ({@code read_committed}) and hands each record's key and value
 * to a visitor, until the visitor says it has enough, nothing arrived for {@code idle}, or the
 * topic's end was reached and stayed quiet.
 */
final class TopicRecords {
    private TopicRecords() {}

    /**
     * @param visit gets key and value; returns false to stop reading
     */
    static void read(
            Properties client, String topic, Duration idle, BiPredicate<String, byte[]> visit) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            KafkaClients.assignFromBeginning(consumer, topic);
            long lastArrival = System.nanoTime();
            while (System.nanoTime() - lastArrival < idle.toNanos()) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : batch) {
                    if (!visit.test(r.key(), r.value())) {
                        return;
                    }
                }
                if (!batch.isEmpty()) {
                    lastArrival = System.nanoTime();
                }
            }
        }
    }
}
