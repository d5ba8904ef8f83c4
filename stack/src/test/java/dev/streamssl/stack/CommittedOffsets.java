package dev.streamssl.stack;

import dev.streamssl.producers.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits for a job to have checkpointed its input: Flink's Kafka source commits its offsets to the
 * consumer group when a checkpoint completes, so once the group's offsets reach the ends a topic
 * has now, a completed checkpoint covers everything published so far. A condition to wait on
 * instead of sleeping "long enough for a checkpoint".
 */
public final class CommittedOffsets {
    private CommittedOffsets() {}

    /** Waits until {@code group} committed the current end of every partition of {@code topic}. */
    public static void await(Properties client, String group, String topic, Duration timeout)
            throws Exception {
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            ends =
                    consumer.endOffsets(
                            consumer.partitionsFor(topic).stream()
                                    .map(p -> new TopicPartition(topic, p.partition()))
                                    .collect(Collectors.toList()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(client)) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean covered =
                        ends.entrySet().stream()
                                .allMatch(
                                        e -> {
                                            OffsetAndMetadata c = committed.get(e.getKey());
                                            return c != null && c.offset() >= e.getValue();
                                        });
                if (covered) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "group "
                                    + group
                                    + " committed "
                                    + committed
                                    + ", not the ends "
                                    + ends);
                }
                Thread.sleep(100);
            }
        }
    }
}
