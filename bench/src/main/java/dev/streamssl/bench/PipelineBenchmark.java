package dev.streamssl.bench;

import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.stack.LocalStack;
import dev.streamssl.stack.MetricsWatcher;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole pipeline under a stream faster than training, on the embedded broker and a MiniCluster.
 * For {@code off} and {@code every-image}, a backlog of synthetic 28×28 images is published before
 * the job starts ({@value #BACKLOG_PER_SECOND} a second of the run, more than the job can take), so
 * the job always has images waiting, as behind a topic with lag, and no publisher competes with it
 * for the cores during the window (in production the producers run elsewhere). {@code sample}
 * follows the head of a live stream, so there a publisher thread sends images as fast as it can
 * while the job runs. After a warm-up, the embeddings written and the images trained on are counted
 * over a window. Embeddings are counted by the embeddings topic's end offsets, with at-least-once
 * delivery so that they are visible as soon as they are written. One run per learner mode: {@code
 * off} (embedding alone), {@code sample} and {@code every-image}.
 */
public final class PipelineBenchmark {
    /**
     * Images published per second of warm-up and window: above what 2 cores embed alone (~3 000).
     */
    static final long BACKLOG_PER_SECOND = 4000;

    /** One mode's rates over the window. */
    public record Rates(String mode, double embeddedPerSecond, double trainedPerSecond) {}

    private final long warmupSeconds;
    private final long seconds;
    private final Map<String, String> jobOptions;
    private final PrintStream out;

    public PipelineBenchmark(
            long warmupSeconds, long seconds, Map<String, String> jobOptions, PrintStream out) {
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.jobOptions = jobOptions;
        this.out = out;
    }

    public Rates run(String mode) throws Exception {
        return run(mode, mode, Map.of());
    }

    /**
     * One run in learner mode {@code mode} with {@code extra} job options over the benchmark's (for
     * example {@code embedder.max-lag=0s}: the learner always first), reported as {@code label}.
     */
    public Rates run(String label, String mode, Map<String, String> extra) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(
                "job.checkpoint-dir",
                java.nio.file.Files.createTempDirectory("streamssl-bench").toUri().toString());
        options.put("kafka.delivery", "at-least-once");
        options.put("learner.mode", mode);
        options.putAll(jobOptions);
        options.putAll(extra);
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            String embeddings = stack.settings().get(KafkaOptions.EMBEDDINGS_TOPIC);
            boolean live = mode.equals("sample");
            if (!live) {
                long backlog =
                        publish(
                                stack,
                                (warmupSeconds + seconds + 10) * BACKLOG_PER_SECOND,
                                Long.MAX_VALUE);
                out.printf("%-24s %d images waiting on the topic%n", label, backlog);
            }
            stack.startJob();
            Thread publisher =
                    new Thread(
                            () ->
                                    publish(
                                            stack,
                                            Long.MAX_VALUE,
                                            (warmupSeconds + seconds) * 1000 + 1000),
                            "bench-publisher");
            if (live) {
                publisher.start();
            }
            try (MetricsWatcher metrics =
                    new MetricsWatcher(
                            client,
                            stack.settings().get(KafkaOptions.METRICS_TOPIC),
                            stack.settings().wireFormat())) {
                Thread.sleep(warmupSeconds * 1000);
                long embeddedBefore = records(client, embeddings);
                long trainedBefore = trained(metrics.latest());
                long start = System.nanoTime();
                Thread.sleep(seconds * 1000);
                double elapsed = (System.nanoTime() - start) / 1e9;
                long embedded = records(client, embeddings) - embeddedBefore;
                long trainedImages = trained(metrics.latest()) - trainedBefore;
                Rates rates = new Rates(label, embedded / elapsed, trainedImages / elapsed);
                out.printf(
                        "%-24s embedded %.0f images/s, trained %.0f images/s%n",
                        label, rates.embeddedPerSecond(), rates.trainedPerSecond());
                return rates;
            } finally {
                publisher.join(30_000);
            }
        }
    }

    private static long publish(LocalStack stack, long images, long millis) {
        Properties client = stack.kafka().clientProperties();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
            return new ImagePublisher(
                            producer,
                            stack.settings().get(KafkaOptions.IMAGES_TOPIC),
                            stack.settings().wireFormat())
                    .publish(
                            new SyntheticImages(4096, 17, "bench-"),
                            Map.of(),
                            new ImagePublisher.Budget(images, millis, true, 0),
                            null);
        }
    }

    private static long trained(TrainingMetrics m) {
        return m == null ? 0 : m.getImagesTrained();
    }

    /** Records on a topic: the sum of its partitions' end offsets. */
    static long records(Properties client, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map((PartitionInfo p) -> new TopicPartition(topic, p.partition()))
                            .toList();
            long total = 0;
            for (long end : consumer.endOffsets(partitions).values()) {
                total += end;
            }
            return total;
        }
    }
}
