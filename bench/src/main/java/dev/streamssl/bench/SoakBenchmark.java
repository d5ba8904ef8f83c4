package dev.streamssl.bench;

import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.stack.LocalStack;
import dev.streamssl.stack.MetricsWatcher;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A long run of the whole job on the embedded stack, watched for memory growth: synthetic 28×28
 * images are published as fast as the broker takes them, the job trains on every one and embeds
 * every one, and every {@code every} images trained a line gives the process's resident memory, the
 * Java heap in use and committed, and what lies outside the heap (resident minus committed heap:
 * libtorch's tensors, the JVM's own native memory, the broker's buffers). A leak of native memory
 * per step or per image shows as a climb of the last column. Delivery is at-least-once so that
 * progress is visible as it happens; checkpoints run at the job's usual interval.
 */
public final class SoakBenchmark {
    /** One line of the run. */
    public record Sample(
            long trained, long embedded, long residentMb, long heapUsedMb, long outsideHeapMb) {}

    private static final long STALL_MILLIS = 5 * 60_000;

    private final long images;
    private final long every;
    private final Map<String, String> jobOptions;
    private final PrintStream out;

    public SoakBenchmark(long images, long every, Map<String, String> jobOptions, PrintStream out) {
        if (images < 1 || every < 1) {
            throw new IllegalArgumentException("--images and --every must be >= 1");
        }
        this.images = images;
        this.every = every;
        this.jobOptions = jobOptions;
        this.out = out;
    }

    public java.util.List<Sample> run() throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(
                "job.checkpoint-dir",
                Files.createTempDirectory("streamssl-soak").toUri().toString());
        options.put("kafka.delivery", "at-least-once");
        options.putAll(jobOptions);
        java.util.List<Sample> samples = new java.util.ArrayList<>();
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            String embeddings = stack.settings().get(KafkaOptions.EMBEDDINGS_TOPIC);
            stack.startJob();
            Thread publisher = new Thread(() -> publish(stack), "soak-publisher");
            publisher.setDaemon(true);
            publisher.start();
            out.printf(
                    "soak: %d images, a line every %d trained (RSS = resident memory of this"
                            + " process: broker, Flink and libtorch)%n",
                    images, every);
            out.println(
                    "images_trained images_embedded rss_mb heap_used_mb outside_heap_mb seconds");
            // the learner trains full batches: the last partial one waits for more images
            int batch = stack.settings().get(LearnerOptions.BATCH_SIZE);
            long target = Math.max(batch, images / batch * batch);
            long start = System.nanoTime();
            long next = Math.min(every, target);
            long lastProgress = System.currentTimeMillis();
            long lastTrained = -1;
            try (MetricsWatcher metrics =
                    new MetricsWatcher(
                            client,
                            stack.settings().get(KafkaOptions.METRICS_TOPIC),
                            stack.settings().wireFormat())) {
                while (next <= target) {
                    Thread.sleep(1000);
                    TrainingMetrics m = metrics.latest();
                    long trained = m == null ? 0 : m.getImagesTrained();
                    long embedded = PipelineBenchmark.records(client, embeddings);
                    if (trained != lastTrained) {
                        lastTrained = trained;
                        lastProgress = System.currentTimeMillis();
                    } else if (System.currentTimeMillis() - lastProgress > STALL_MILLIS) {
                        throw new IllegalStateException(
                                "soak: the learner made no progress for 5 minutes at "
                                        + trained
                                        + " images; see the log");
                    }
                    if (trained >= next) {
                        Sample s = sample(trained, embedded);
                        samples.add(s);
                        out.printf(
                                "%d %d %d %d %d %.0f%n",
                                s.trained(),
                                s.embedded(),
                                s.residentMb(),
                                s.heapUsedMb(),
                                s.outsideHeapMb(),
                                (System.nanoTime() - start) / 1e9);
                        next =
                                trained >= target
                                        ? Long.MAX_VALUE
                                        : Math.min((trained / every + 1) * every, target);
                    }
                }
            } finally {
                publisher.interrupt();
            }
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        out.printf(
                "rss_first_mb=%d rss_last_mb=%d rss_max_mb=%d outside_heap_first_mb=%d"
                        + " outside_heap_last_mb=%d%n",
                first.residentMb(),
                last.residentMb(),
                samples.stream().mapToLong(Sample::residentMb).max().orElse(-1),
                first.outsideHeapMb(),
                last.outsideHeapMb());
        return samples;
    }

    private static Sample sample(long trained, long embedded) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long rss = TrainStepBenchmark.residentMb();
        long mb = 1024 * 1024;
        return new Sample(
                trained, embedded, rss, heap.getUsed() / mb, rss - heap.getCommitted() / mb);
    }

    private void publish(LocalStack stack) {
        Properties client = stack.kafka().clientProperties();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
            new ImagePublisher(
                            producer,
                            stack.settings().get(KafkaOptions.IMAGES_TOPIC),
                            stack.settings().wireFormat())
                    .publish(
                            new SyntheticImages(4096, 23, "soak-"),
                            Map.of(),
                            new ImagePublisher.Budget(images, Long.MAX_VALUE, true, 0),
                            null);
        } catch (RuntimeException e) {
            // the stack closes under the publisher at the end of the run
        }
    }
}
