package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.StreamSslJob;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failure thrown once inside the running job (real broker, MiniCluster, libtorch), at each place
 * that holds work in flight. The images come in two waves, and the failure fires in the second,
 * after the first wave's embeddings were committed: recovery must neither repeat committed output
 * nor lose uncommitted work. Afterwards the embeddings topic, read with {@code read_committed},
 * holds every valid id exactly once and the dead-letter topic every bad record exactly once. The
 * same drill with at-least-once delivery must show duplicates: the check bites.
 */
class FailureInjectionITCase {
    private static final int WAVE = 256;

    @TempDir Path checkpoints;

    @BeforeEach
    void forgetEarlierInjections() {
        FaultInjection.reset();
    }

    @ParameterizedTest
    // decode passes count both decoders (embedding and learning path): 2 × 259 in the first wave;
    // the first wave makes 8 learner steps and 256 embeddings; checkpoints come every second. Two
    // failures a run, one in each path's work: the second fires while or after the job recovers
    // from the first (the pass counts go on across the restart), which a correct recovery takes
    // as it takes the first
    @ValueSource(strings = {"decode@600,embedder@300", "learner-step@10,learner-snapshot@4"})
    void everyEmbeddingAndDeadLetterExactlyOnceAfterAnInjectedFailure(String failure)
            throws Exception {
        Map<String, String> options = options(failure);
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            runTwoWaves(client);

            assertEveryImageAndDeadLetterOnce(client);
            for (String part : failure.split(",")) {
                String point = part.substring(0, part.indexOf('@'));
                assertThat(FaultInjection.fired(pointNamed(point))).as("%s fired", point).isTrue();
            }
            // the learning path lost and repeated nothing either: every image trained once
            assertThat(finalImagesTrained(client)).isEqualTo(2 * WAVE);
        }
    }

    @Test
    void atLeastOnceDeliveryDuplicatesAfterTheSameFailureSoTheCheckBites() throws Exception {
        Map<String, String> options = options("embedder@300");
        options.put("kafka.delivery", "at-least-once");
        // no checkpoint before the failure: the restarted job reads the topic from the start
        options.put("job.checkpoint-interval", "1h");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            runTwoWaves(client);
            Map<String, Integer> embeddings =
                    TopicKeys.count(
                            client,
                            "embeddings",
                            3 * WAVE,
                            Duration.ofSeconds(5),
                            Duration.ofMinutes(4));
            assertThat(FaultInjection.fired(FaultInjection.Point.EMBEDDER)).isTrue();
            assertThat(embeddings).hasSize(2 * WAVE);
            // the first wave's embeddings were written before the failure and again after it
            assertThat(embeddings.values())
                    .filteredOn(n -> n > 1)
                    .hasSizeGreaterThanOrEqualTo(WAVE);
        }
    }

    @Test
    void aTaskManagerTerminatedMidStreamAndReplacedLosesAndRepeatsNothing() throws Exception {
        try (LocalStack stack = LocalStack.start(options(null))) {
            Properties client = stack.kafka().clientProperties();
            Configuration conf = LocalStack.clusterConfiguration(stack.settings());
            // one slot each: the job's two slots are on both TaskManagers, and it can only run
            // again once the replacement has registered
            MiniClusterConfiguration two =
                    new MiniClusterConfiguration.Builder()
                            .setConfiguration(conf)
                            .setNumTaskManagers(2)
                            .setNumSlotsPerTaskManager(1)
                            .withRandomPorts()
                            .build();
            try (MiniCluster cluster = new MiniCluster(two)) {
                cluster.start();
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(conf);
                StreamSslJob.attach(env, stack.settings());
                JobID job = cluster.submitJob(env.getStreamGraph()).get().getJobID();
                runTwoWaves(
                        client,
                        () -> {
                            cluster.terminateTaskManager(0).get();
                            cluster.startTaskManager();
                        });
                assertEveryImageAndDeadLetterOnce(client);
                AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
                assertThat(graph.getStatusTimestamp(JobStatus.RESTARTING))
                        .as("the job was restarted")
                        .isPositive();
                assertThat(graph.getState()).isEqualTo(JobStatus.RUNNING);
            }
        }
    }

    @Test
    void theBrokerStoppedMidStreamAndRestartedLosesAndRepeatsNothing() throws Exception {
        try (LocalStack stack = LocalStack.start(options(null))) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            runTwoWaves(client, () -> stack.kafka().restartBroker(Duration.ofSeconds(3)));
            assertEveryImageAndDeadLetterOnce(client);
        }
    }

    /**
     * Read committed: each of the 512 ids once in the embeddings topic, each of the three bad
     * records once in the dead-letter topic.
     */
    private static void assertEveryImageAndDeadLetterOnce(Properties client) {
        Map<String, Integer> embeddings =
                TopicKeys.count(
                        client,
                        "embeddings",
                        2 * WAVE,
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(4));
        Map<String, Integer> letters =
                TopicKeys.count(
                        client, "dead-letters", 3, Duration.ofSeconds(2), Duration.ofMinutes(1));
        assertThat(embeddings).hasSize(2 * WAVE);
        assertThat(embeddings).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        // unreadable records are keyed by their coordinates (they have no id), the others by id
        assertThat(letters).hasSize(3).containsKey("short-a");
        assertThat(letters).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }

    /** The learner's images-trained count once it stops growing (its last metrics report). */
    private static long finalImagesTrained(Properties client) {
        return MetricsTopic.settledImagesTrained(
                        client,
                        Map.of("simclr", (long) 2 * WAVE),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(60))
                .getOrDefault("simclr", -1L);
    }

    private Map<String, String> options(String failure) {
        Map<String, String> options = SmallJob.options(checkpoints);
        options.put("job.decode-parallelism", "2");
        options.put("job.embedder-parallelism", "2");
        if (failure != null) {
            options.put("job.inject-failure", failure);
        }
        options.put("learner.snapshot-interval", "3");
        options.put("learner.metrics-interval", "2");
        options.put("embedder.batch-size", "32");
        return options;
    }

    /** Something done to the running job while the second wave is in flight. */
    private interface Disruption {
        void run() throws Exception;
    }

    private static void runTwoWaves(Properties client) throws Exception {
        runTwoWaves(client, () -> {});
    }

    /**
     * Wave a (256 images, 2 bad records), its embeddings visible, then wave b (256, 1 bad) and the
     * disruption while the job works on it.
     */
    private static void runTwoWaves(Properties client, Disruption duringSecondWave)
            throws Exception {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
            publish(producer, "a-");
            sendBad(producer, "garbage-a", new byte[] {0x13, 0x37});
            sendBad(producer, "short-a", shortRaw("short-a"));
            Map<String, Integer> first =
                    TopicKeys.count(
                            client, "embeddings", WAVE, Duration.ZERO, Duration.ofMinutes(3));
            assertThat(TopicKeys.total(first))
                    .as("first wave embedded")
                    .isGreaterThanOrEqualTo(WAVE);
            publish(producer, "b-");
            sendBad(producer, "garbage-b", new byte[] {0x00});
            duringSecondWave.run();
        }
    }

    private static void publish(KafkaProducer<String, byte[]> producer, String prefix)
            throws Exception {
        long sent =
                new ImagePublisher(producer, "images", WireFormat.singleObject())
                        .publish(
                                new SyntheticImages(WAVE, prefix.hashCode(), prefix),
                                Map.of("split", "train"),
                                ImagePublisher.Budget.onePass(),
                                null);
        assertThat(sent).isEqualTo(WAVE);
    }

    private static void sendBad(KafkaProducer<String, byte[]> producer, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>("images", key, value)).get();
    }

    /** A decodable record whose raw pixels are too few: dead-lettered under its id. */
    private static byte[] shortRaw(String id) {
        return WireCodec.images()
                .encode(
                        ImageRecord.newBuilder()
                                .setId(id)
                                .setTimestampMs(1)
                                .setEncoding(dev.streamssl.schemas.Encoding.RAW_U8)
                                .setWidth(28)
                                .setHeight(28)
                                .setChannels(1)
                                .setData(ByteBuffer.wrap(new byte[100]))
                                .build());
    }

    private static FaultInjection.Point pointNamed(String name) {
        for (FaultInjection.Point p : FaultInjection.Point.values()) {
            if (p.optionName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
