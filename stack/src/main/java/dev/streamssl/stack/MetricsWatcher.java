package dev.streamssl.stack;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.DriftReport;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.MetricsTopicCodec;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Follows the metrics topic in a background thread and keeps the newest learner and live kNN
 * reports, and every drift check.
 */
public final class MetricsWatcher implements AutoCloseable {
    private final AtomicReference<TrainingMetrics> latest = new AtomicReference<>();
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(MetricsWatcher.class);
    private final java.util.concurrent.atomic.AtomicLong unreadable =
            new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, TrainingMetrics> latestByMethod = new ConcurrentHashMap<>();
    private final Map<String, KnnReport> knnByMethod = new ConcurrentHashMap<>();
    private final List<DriftReport> drift = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public MetricsWatcher(Properties client, String topic, WireFormat wire) {
        this.thread = new Thread(() -> follow(client, topic, wire), "metrics-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(Properties client, String topic, WireFormat wire) {
        MetricsTopicCodec codec = MetricsTopicCodec.of(wire, topic);
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            KafkaClients.assignFromBeginning(consumer, topic);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    SpecificRecordBase value;
                    try {
                        value = codec.decode(r.value());
                    } catch (WireFormatException e) {
                        if (unreadable.getAndIncrement() == 0) {
                            LOG.warn(
                                    "metrics topic {} offset {}: {} (further unreadable values"
                                            + " are not logged)",
                                    topic,
                                    r.offset(),
                                    e.getMessage());
                        }
                        continue;
                    }
                    if (value instanceof TrainingMetrics m) {
                        latest.set(m);
                        latestByMethod.put(m.getMethod(), m);
                    } else if (value instanceof DriftReport check) {
                        drift.add(check);
                    } else if (value instanceof KnnReport report) {
                        knnByMethod.merge(
                                report.getMethod(),
                                report,
                                (a, b) -> b.getModelVersion() >= a.getModelVersion() ? b : a);
                    }
                }
            }
        }
    }

    /** The newest report, or null before the first. */
    public TrainingMetrics latest() {
        return latest.get();
    }

    /** The newest report of one method's learner, or null before its first. */
    public TrainingMetrics latest(String method) {
        return latestByMethod.get(method);
    }

    /** Images trained by the learner furthest behind among these methods (0 before a report). */
    public long slowestImagesTrained(List<String> methods) {
        long slowest = Long.MAX_VALUE;
        for (String method : methods) {
            TrainingMetrics m = latestByMethod.get(method);
            slowest = Math.min(slowest, m == null ? 0 : m.getImagesTrained());
        }
        return slowest;
    }

    /** Every drift check the learners reported so far, in the topic's order. */
    public List<DriftReport> driftChecks() {
        return List.copyOf(drift);
    }

    /** One method's live kNN report of its newest model version scored, or null. */
    public KnnReport latestKnn(String method) {
        return knnByMethod.get(method);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
