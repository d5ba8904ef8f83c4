package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.learn.ReplicaCheckpoint;
import dev.streamssl.job.learn.sync.AveragingRounds;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.parallel.ReplicatedState;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import dev.streamssl.learner.state.TensorData;
import dev.streamssl.schemas.TrainingMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two learners of one method on a real broker and MiniCluster, checkpoints every 200 ms, averaging
 * every 2 steps through the learner's operator coordinator. Each learner reads one of the images
 * topic's two partitions, which get 4 rounds' worth of images each. Checked: the learners end every
 * round on the same model and the embedders hold that averaged model; every image is embedded once;
 * a failure injected into a learner's step ends at the same model, bit for bit, as the run without
 * it; savepoints restore at 2 learners and at 1, which merges them.
 */
class LearnerReplicasITCase {
    private static final int B = 16;
    private static final int H = 2;
    private static final int ROUNDS = 4;
    private static final int WAVE = 2 * B * H * ROUNDS;
    private static final String METHOD = "simclr";

    @TempDir Path checkpoints;
    @TempDir Path savepoints;

    @BeforeEach
    void forgetEarlierInjections() {
        FaultInjection.reset();
    }

    private Map<String, String> options(int learners) {
        Map<String, String> options = SmallJob.options(checkpoints);
        options.put("job.checkpoint-interval", "200ms");
        options.put("job.decode-parallelism", "2");
        options.put("job.embedder-parallelism", "1");
        options.put("learner.method", METHOD);
        options.put("learner.parallelism", String.valueOf(learners));
        options.put("learner.sync-every", String.valueOf(H));
        options.put("learner.batch-size", String.valueOf(B));
        // one thread: libtorch's results then do not depend on how its work was split
        options.put("learner.threads", "1");
        options.put("learner.snapshot-interval", String.valueOf(H));
        options.put("learner.metrics-interval", "2");
        options.put("embedder.batch-size", "32");
        return options;
    }

    @Test
    void twoLearnersAgreeRecoverToTheSameModelAndRestoreAtTwoAndAtOne() throws Exception {
        // an uninterrupted run: the reference
        List<ReplicaCheckpoint> reference;
        String referenceSavepoint;
        try (LocalStack stack = LocalStack.start(options(2))) {
            Properties client = stack.kafka().clientProperties();
            JobClient job = stack.startJob();
            publishEvenly(client, "a-");
            awaitEmbeddedOnce(client, WAVE);
            awaitImagesTrained(client, WAVE);
            referenceSavepoint = stop(job);
            reference = learners(referenceSavepoint);
            assertInAgreement(reference, ROUNDS, H * ROUNDS);
            // the embedders hold the averaged model of the last round, and nothing else
            ModelSnapshot embedded = SavepointModel.read(referenceSavepoint, METHOD);
            assertThat(embedded.version).isEqualTo(H * ROUNDS);
            NamedTensors weights =
                    new NamedTensorsSerializer().deserialize(embedded.format, embedded.weights);
            NamedTensors networks = reference.get(0).learnerState().networks();
            assertThat(weights.size()).isPositive();
            weights.asMap()
                    .forEach((name, t) -> assertThat(networks.get(name)).as(name).isEqualTo(t));

            // 2 → 1: the two learners' models merged into one, which trains on a second wave
            publishEvenly(client, "b-");
            stack.reconfigure(options(1));
            JobClient one = stack.startJob(referenceSavepoint);
            awaitEmbeddedOnce(client, 2 * WAVE);
            awaitImagesTrained(client, 2 * WAVE);
            List<ReplicaCheckpoint> merged = learners(stop(one));
            assertThat(merged).hasSize(1);
            // the single learner took the first wave's steps and a step per batch of the second
            assertThat(merged.get(0).learnerState().step()).isEqualTo(H * ROUNDS + WAVE / B);
        }

        // the same stream with a learner's step failing once, mid-stream: the job restores from
        // its last checkpoint, possibly inside a round, and ends on the reference model
        try (LocalStack stack = LocalStack.start(failing(options(2), "learner-step@7"))) {
            Properties client = stack.kafka().clientProperties();
            JobClient job = stack.startJob();
            publishEvenly(client, "a-");
            awaitEmbeddedOnce(client, WAVE);
            awaitImagesTrained(client, WAVE);
            String savepoint = stop(job);
            assertThat(FaultInjection.fired(FaultInjection.Point.LEARNER_STEP)).isTrue();
            List<ReplicaCheckpoint> recovered = learners(savepoint);
            assertInAgreement(recovered, ROUNDS, H * ROUNDS);
            assertThat(averaged(recovered.get(0))).isEqualTo(averaged(reference.get(0)));

            // 2 → 2: each learner continues from its own entry, in agreement again
            publishEvenly(client, "b-");
            stack.reconfigure(options(2));
            JobClient again = stack.startJob(savepoint);
            awaitEmbeddedOnce(client, 2 * WAVE);
            awaitImagesTrained(client, 2 * WAVE);
            assertInAgreement(learners(stop(again)), 2 * ROUNDS, 2 * H * ROUNDS);
        }
    }

    private static Map<String, String> failing(Map<String, String> options, String failure) {
        options.put("job.inject-failure", failure);
        return options;
    }

    /** Both learners after {@code rounds} closed rounds and {@code steps} steps, on one model. */
    private static void assertInAgreement(List<ReplicaCheckpoint> learners, long rounds, long steps)
            throws Exception {
        assertThat(learners).extracting(ReplicaCheckpoint::replica).containsExactly(0, 1);
        for (ReplicaCheckpoint l : learners) {
            assertThat(AveragingRounds.savedRound(l.rounds())).as("rounds").isEqualTo(rounds);
            assertThat(l.learnerState().step()).as("steps").isEqualTo(steps);
        }
        NamedTensors first = averaged(learners.get(0));
        assertThat(averaged(learners.get(1))).isEqualTo(first);
        // the optimizer's moments are each learner's own: they did see other images
        assertThat(learners.get(1).learnerState().optimizer())
                .isNotEqualTo(learners.get(0).learnerState().optimizer());
        System.out.printf(
                "%d learners after %d rounds: same model (%d tensors, digest %08x)%n",
                learners.size(), rounds, first.size(), digest(first));
    }

    private static NamedTensors averaged(ReplicaCheckpoint learner) throws Exception {
        LearnerState state = learner.learnerState();
        return ReplicatedState.averaged(state, component -> false);
    }

    private static int digest(NamedTensors tensors) {
        int h = 1;
        for (Map.Entry<String, TensorData> e : tensors.asMap().entrySet()) {
            h = 31 * h + e.getValue().hashCode();
        }
        return h;
    }

    /** {@code WAVE} images, even-numbered to partition 0, odd-numbered to partition 1. */
    private static void publishEvenly(Properties client, String prefix) {
        Properties byParity = new Properties();
        byParity.putAll(client);
        byParity.put("partitioner.class", ParityPartitioner.class.getName());
        SmallJob.publish(byParity, WAVE, prefix.hashCode(), prefix, Map.of("split", "train"));
    }

    private static void awaitEmbeddedOnce(Properties client, int images) {
        Map<String, Integer> ids =
                TopicKeys.count(
                        client, "embeddings", images, Duration.ofSeconds(3), Duration.ofMinutes(3));
        assertThat(ids).hasSize(images);
        assertThat(ids).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }

    /** Waits until learner 0 reports {@code images} trained on by all learners. */
    private static void awaitImagesTrained(Properties client, long images) {
        List<TrainingMetrics> reports =
                MetricsTopic.await(
                        client,
                        r -> r.stream().anyMatch(m -> m.getImagesTrained() >= images),
                        Duration.ofMinutes(3));
        long seen = reports.stream().mapToLong(TrainingMetrics::getImagesTrained).max().orElse(-1);
        assertThat(seen).as("images trained, as learner 0 reports").isEqualTo(images);
    }

    private String stop(JobClient job) throws Exception {
        return job.stopWithSavepoint(
                        false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
    }

    /** The learners' checkpoint entries in a savepoint, in learner order. */
    private static List<ReplicaCheckpoint> learners(String savepoint) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        SavepointReader reader = SavepointReader.read(env, savepoint, new HashMapStateBackend());
        List<ReplicaCheckpoint> out = new ArrayList<>();
        try (CloseableIterator<byte[]> entries =
                reader.readUnionState(
                                OperatorIdentifier.forUid("learner-" + METHOD),
                                ReplicaCheckpoint.STATE_NAME,
                                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                        .executeAndCollect("learners")) {
            while (entries.hasNext()) {
                ReplicaCheckpoint e = ReplicaCheckpoint.fromBytes(entries.next());
                if (out.stream().noneMatch(o -> o.replica() == e.replica())) {
                    out.add(e);
                }
            }
        }
        out.sort(Comparator.comparingInt(ReplicaCheckpoint::replica));
        return out;
    }
}
