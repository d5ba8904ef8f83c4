package dev.streamssl.stack;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.MetricsTopicCodec;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The tests' reader of the job's metrics topic: every value decoded by its writer schema ({@link
 * MetricsTopicCodec}), so a value no metrics-topic type reads fails the test instead of being
 * skipped; the learner's {@link TrainingMetrics} kept in arrival order. Reads to the topic's end
 * offsets rather than waiting for a quiet spell.
 */
public final class MetricsTopic implements AutoCloseable {
    private static final String TOPIC = "metrics";

    private final KafkaConsumer<String, byte[]> consumer;
    private final MetricsTopicCodec codec = MetricsTopicCodec.of(WireFormat.singleObject(), TOPIC);
    private final List<TrainingMetrics> training = new ArrayList<>();

    public MetricsTopic(Properties client) {
        consumer = KafkaClients.reader(client);
        KafkaClients.assignFromBeginning(consumer, TOPIC);
    }

    /** The learners' reports on the topic now, in arrival order. */
    public static List<TrainingMetrics> read(Properties client) {
        try (MetricsTopic topic = new MetricsTopic(client)) {
            return topic.toEnd();
        }
    }

    /**
     * Reads until {@code done} holds for the reports so far or {@code timeout} passed; returns the
     * reports either way (the caller asserts).
     */
    public static List<TrainingMetrics> await(
            Properties client, Predicate<List<TrainingMetrics>> done, Duration timeout) {
        try (MetricsTopic topic = new MetricsTopic(client)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TrainingMetrics> now = topic.toEnd();
            while (!done.test(now) && System.nanoTime() < deadline) {
                topic.poll();
                now = List.copyOf(topic.training);
            }
            return now;
        }
    }

    /**
     * Each method's images-trained count (the largest it reported) once every method of {@code
     * expected} reached its count and no report came for {@code settle} after that (so a count that
     * goes past the expected one shows), or no report came for {@code idle}, or {@code timeout}
     * passed.
     */
    public static Map<String, Long> settledImagesTrained(
            Properties client,
            Map<String, Long> expected,
            Duration settle,
            Duration idle,
            Duration timeout) {
        Map<String, Long> seen = new HashMap<>();
        try (MetricsTopic topic = new MetricsTopic(client)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastArrival = System.nanoTime();
            while (System.nanoTime() < deadline) {
                long quiet = System.nanoTime() - lastArrival;
                boolean reached =
                        expected.entrySet().stream()
                                .allMatch(e -> seen.getOrDefault(e.getKey(), 0L) >= e.getValue());
                if (quiet >= idle.toNanos() || (reached && quiet >= settle.toNanos())) {
                    break;
                }
                if (topic.poll()) {
                    lastArrival = System.nanoTime();
                    for (TrainingMetrics m : topic.training) {
                        seen.merge(m.getMethod(), m.getImagesTrained(), Math::max);
                    }
                }
            }
        }
        return seen;
    }

    /** The newest report (highest step, then latest), or null before the first. */
    public static TrainingMetrics newest(List<TrainingMetrics> reports) {
        TrainingMetrics newest = null;
        for (TrainingMetrics m : reports) {
            if (newest == null
                    || m.getStep() > newest.getStep()
                    || (m.getStep() == newest.getStep()
                            && m.getTimestampMs() > newest.getTimestampMs())) {
                newest = m;
            }
        }
        return newest;
    }

    /** Every report up to the end offsets of the topic as they are now. */
    public List<TrainingMetrics> toEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        while (end.entrySet().stream()
                .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            poll();
        }
        return List.copyOf(training);
    }

    /** One poll; returns whether it brought any value. */
    public boolean poll() {
        boolean any = false;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            any = true;
            SpecificRecordBase value;
            try {
                value = codec.decode(r.value());
            } catch (WireFormatException e) {
                throw new AssertionError(
                        "metrics topic offset " + r.offset() + ": " + e.getMessage(), e);
            }
            if (value instanceof TrainingMetrics m) {
                training.add(m);
            }
        }
        return any;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
