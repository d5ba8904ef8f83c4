package dev.streamssl.stack;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.reembed.ReembedJob;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.producers.kafka.KafkaClients;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs {@link ReembedJob} on a MiniCluster in this JVM: every image of the images topic (from the
 * beginning or a timestamp) embedded by one exported model into a topic of its own, exactly once,
 * with progress every few seconds.
 */
public final class Reembed {
    /** What to re-embed with what, and where to. */
    public record Request(
            Properties client,
            String kafkaPropertiesFile,
            String imagesTopic,
            Path model,
            String targetTopic,
            long fromTimestampMs,
            int parallelism) {}

    private final PrintStream out;

    public Reembed(PrintStream out) {
        this.out = out;
    }

    /** Runs the job to its end and returns the number of records it wrote (with markers). */
    public long run(Request r) throws Exception {
        if (!Files.isRegularFile(r.model().resolve(ExportedEncoder.DESCRIPTOR))) {
            throw new IllegalArgumentException(
                    "--model " + r.model() + " is not an exported encoder (no model.json)");
        }
        ExportedEncoder.Descriptor d = ExportedEncoder.descriptor(r.model());
        KafkaClients.requireTopic(r.client(), r.imagesTopic());
        KafkaClients.requireTopic(r.client(), r.targetTopic());
        Map<String, String> options = new LinkedHashMap<>();
        options.put("kafka.bootstrap-servers", r.client().getProperty("bootstrap.servers"));
        if (r.kafkaPropertiesFile() != null) {
            options.put("kafka.properties-file", r.kafkaPropertiesFile());
        }
        options.put("kafka.topics.images", r.imagesTopic());
        options.put("kafka.transactional-id-prefix", "streamssl-reembed");
        JobSettings settings =
                ReembedJob.withModelInput(JobSettings.from(ConfigLoader.fromMap(options)), d);

        long total = endOffsets(r.client(), r.imagesTopic());
        long before = endOffsets(r.client(), r.targetTopic());
        out.printf(
                "re-embedding %s (%d records) with %s version %d into %s%n",
                r.imagesTopic(), total, d.method(), d.modelVersion(), r.targetTopic());
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Files.createTempDirectory("streamssl-reembed").toUri().toString());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(r.parallelism(), conf);
        ReembedJob.attach(
                env,
                settings,
                r.model().toAbsolutePath().toString(),
                r.targetTopic(),
                r.fromTimestampMs(),
                r.parallelism());
        JobClient job = env.executeAsync("streamssl-reembed");
        var result = job.getJobExecutionResult();
        while (!result.isDone()) {
            try {
                result.get(3, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                out.printf(
                        "  %d of about %d written%n",
                        endOffsets(r.client(), r.targetTopic()) - before, total);
            }
        }
        result.get();
        long written = endOffsets(r.client(), r.targetTopic()) - before;
        out.printf(
                "done: %d records in %s (transaction markers included)%n",
                written, r.targetTopic());
        return written;
    }

    private static long endOffsets(Properties client, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }
}
