package dev.streamssl.deploy;

import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.tools.data.SyntheticImages;
import dev.streamssl.tools.kafka.ImagePublisher;
import dev.streamssl.tools.kafka.KafkaClients;
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
 * The whole pipeline under a stream faster than training, on the embedded broker and a MiniCluster:
 * a publisher thread sends synthetic 28×28 images as fast as it can; after a warm-up, the
 * embeddings written and the images trained on are counted over a window. Embeddings are counted by
 * the embeddings topic's end offsets, with at-least-once delivery so that they are visible as soon
 * as they are written. One run per learner mode: {@code off} (embedding alone), {@code sample} and
 * {@code every-image}.
 */
public final class PipelineBenchmark {
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
        Map<String, String> options = new LinkedHashMap<>();
        options.put(
                "job.checkpoint-dir",
                java.nio.file.Files.createTempDirectory("streamssl-bench").toUri().toString());
        options.put("kafka.delivery", "at-least-once");
        options.put("learner.mode", mode);
        options.putAll(jobOptions);
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            String embeddings = stack.settings().get(KafkaOptions.EMBEDDINGS_TOPIC);
            stack.startJob();
            Thread publisher = new Thread(() -> publish(stack), "bench-publisher");
            publisher.setDaemon(true);
            publisher.start();
            try (MetricsWatcher metrics =
                    new MetricsWatcher(client, stack.settings().get(KafkaOptions.METRICS_TOPIC))) {
                Thread.sleep(warmupSeconds * 1000);
                long embeddedBefore = records(client, embeddings);
                long trainedBefore = trained(metrics.latest());
                long start = System.nanoTime();
                Thread.sleep(seconds * 1000);
                double elapsed = (System.nanoTime() - start) / 1e9;
                long embedded = records(client, embeddings) - embeddedBefore;
                long trainedImages = trained(metrics.latest()) - trainedBefore;
                Rates rates = new Rates(mode, embedded / elapsed, trainedImages / elapsed);
                out.printf(
                        "mode %-11s embedded %.0f images/s, trained %.0f images/s%n",
                        mode, rates.embeddedPerSecond(), rates.trainedPerSecond());
                return rates;
            } finally {
                publisher.interrupt();
            }
        }
    }

    private void publish(LocalStack stack) {
        Properties client = stack.kafka().clientProperties();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
            new ImagePublisher(producer, stack.settings().get(KafkaOptions.IMAGES_TOPIC))
                    .publish(
                            new SyntheticImages(4096, 17, "bench-"),
                            Map.of(),
                            new ImagePublisher.Budget(
                                    Long.MAX_VALUE, (warmupSeconds + seconds + 30) * 1000, true, 0),
                            null);
        } catch (RuntimeException e) {
            // the stack closes under the publisher at the end of the run
        }
    }

    private static long trained(TrainingMetrics m) {
        return m == null ? 0 : m.getImagesSeen();
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
