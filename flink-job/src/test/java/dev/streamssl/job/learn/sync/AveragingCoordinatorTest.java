package dev.streamssl.job.learn.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.parallel.Contribution;
import dev.streamssl.learner.parallel.ReplicaMean;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.messages.Acknowledge;
import org.apache.flink.runtime.operators.coordination.MockOperatorCoordinatorContext;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.junit.jupiter.api.Test;

class AveragingCoordinatorTest {

    /** A subtask's gateway that keeps what the coordinator sends. */
    private static final class Recorder implements OperatorCoordinator.SubtaskGateway {
        final int subtask;
        final List<OperatorEvent> received = new ArrayList<>();

        Recorder(int subtask) {
            this.subtask = subtask;
        }

        @Override
        public synchronized CompletableFuture<Acknowledge> sendEvent(OperatorEvent evt) {
            received.add(evt);
            return CompletableFuture.completedFuture(Acknowledge.get());
        }

        @Override
        public ExecutionAttemptID getExecution() {
            return null;
        }

        @Override
        public int getSubtask() {
            return subtask;
        }

        synchronized List<RoundChunk> chunks() {
            return received.stream()
                    .filter(e -> e instanceof RoundChunk)
                    .map(e -> (RoundChunk) e)
                    .toList();
        }

        synchronized List<RoundOpened> notices() {
            return received.stream()
                    .filter(e -> e instanceof RoundOpened)
                    .map(e -> (RoundOpened) e)
                    .toList();
        }

        /** The mean in the pieces received so far, once all are there. */
        NamedTensors mean() {
            List<RoundChunk> chunks = chunks();
            assertThat(chunks).isNotEmpty();
            ChunkedMessage m = ChunkedMessage.expecting(chunks.get(0).count());
            boolean complete = false;
            for (RoundChunk c : chunks) {
                complete = m.add(c);
            }
            assertThat(complete).isTrue();
            return TensorBytes.read(m.bytes());
        }
    }

    private record Setup(
            AveragingCoordinator coordinator,
            MockOperatorCoordinatorContext context,
            List<Recorder> learners) {}

    private static Setup start(int replicas) throws Exception {
        MockOperatorCoordinatorContext context =
                new MockOperatorCoordinatorContext(new OperatorID(), replicas);
        AveragingCoordinator coordinator = new AveragingCoordinator(context);
        coordinator.start();
        List<Recorder> learners = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Recorder r = new Recorder(i);
            learners.add(r);
            coordinator.executionAttemptReady(i, 0, r);
        }
        return new Setup(coordinator, context, learners);
    }

    /** Waits for the coordinator's thread: a checkpoint completes after the work queued before. */
    private static void settle(AveragingCoordinator coordinator) throws Exception {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        coordinator.checkpointCoordinator(1, done);
        assertThat(done.get()).isEmpty();
    }

    private static NamedTensors tensors(long seed, int size) {
        Random random = new Random(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new NamedTensors(Map.of("w", new TensorData(new long[] {size}, values)));
    }

    private static void contribute(
            AveragingCoordinator coordinator,
            int replica,
            int attempt,
            long round,
            long images,
            NamedTensors tensors)
            throws Exception {
        for (RoundChunk c :
                ChunkedMessage.split(
                        round, replica, images, TensorBytes.write(tensors), RoundChunk.MAX_BYTES)) {
            coordinator.handleEventFromOperator(replica, attempt, c);
        }
    }

    @Test
    void everyLearnerGetsTheSameMeanWhateverOrderTheContributionsCameIn() throws Exception {
        List<NamedTensors> inputs = List.of(tensors(1, 300), tensors(2, 300), tensors(3, 300));
        long[] images = {16, 32, 48};
        NamedTensors expected =
                ReplicaMean.of(
                        List.of(
                                new Contribution(0, 16, inputs.get(0)),
                                new Contribution(1, 32, inputs.get(1)),
                                new Contribution(2, 48, inputs.get(2))));
        for (int[] order : new int[][] {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}}) {
            Setup s = start(3);
            for (int i = 0; i < 3; i++) {
                int r = order[i];
                contribute(s.coordinator(), r, 0, 1, images[r], inputs.get(r));
                settle(s.coordinator());
                if (i < 2) {
                    assertThat(s.learners()).allSatisfy(l -> assertThat(l.chunks()).isEmpty());
                }
            }
            for (Recorder l : s.learners()) {
                assertThat(l.mean()).isEqualTo(expected);
                assertThat(l.chunks().get(0).images()).isEqualTo(96);
                // the first contributor opened the round; the others were told
                assertThat(l.notices())
                        .hasSize(l.subtask == order[0] ? 0 : 1)
                        .allSatisfy(n -> assertThat(n.round()).isEqualTo(1));
            }
            assertThat(s.context().isJobFailed()).isFalse();
            s.coordinator().close();
        }
    }

    @Test
    void aModelLargerThanOneEventTravelsInPiecesBothWays() throws Exception {
        // 2.5 M floats: 10 MB, more than Flink's default RPC frame of 10 MiB
        int size = 2_500_000;
        Setup s = start(2);
        contribute(s.coordinator(), 0, 0, 1, 1, tensors(4, size));
        contribute(s.coordinator(), 1, 0, 1, 1, tensors(5, size));
        settle(s.coordinator());
        for (Recorder l : s.learners()) {
            assertThat(l.chunks()).hasSize(2);
            assertThat(l.chunks())
                    .allSatisfy(
                            c ->
                                    assertThat(c.bytes().length)
                                            .isLessThanOrEqualTo(RoundChunk.MAX_BYTES));
            float[] mean = l.mean().get("w").values();
            float[] a = tensors(4, size).get("w").values();
            float[] b = tensors(5, size).get("w").values();
            for (int i = 0; i < size; i += 99_991) {
                assertThat(mean[i]).isEqualTo((float) (((double) a[i] + b[i]) / 2));
            }
        }
        s.coordinator().close();
    }

    @Test
    void aFailedAttemptsContributionAndARoundBeforeAResetAreForgotten() throws Exception {
        Setup s = start(2);
        contribute(s.coordinator(), 1, 0, 5, 8, tensors(6, 10));
        s.coordinator().resetToCheckpoint(7, new byte[0]);
        contribute(s.coordinator(), 0, 0, 5, 8, tensors(7, 10));
        settle(s.coordinator());
        // learner 1's contribution from before the reset does not close the round
        assertThat(s.learners().get(0).chunks()).isEmpty();
        contribute(s.coordinator(), 1, 0, 5, 8, tensors(8, 10));
        settle(s.coordinator());
        assertThat(s.learners().get(0).mean())
                .isEqualTo(
                        ReplicaMean.of(
                                List.of(
                                        new Contribution(0, 8, tensors(7, 10)),
                                        new Contribution(1, 8, tensors(8, 10)))));
        s.coordinator().close();

        // learner 1's first attempt contributes and fails; its second attempt's contribution
        // replaces it
        Setup t = start(2);
        contribute(t.coordinator(), 1, 0, 5, 8, tensors(8, 10));
        contribute(t.coordinator(), 1, 1, 5, 8, tensors(9, 10));
        contribute(t.coordinator(), 0, 0, 5, 8, tensors(7, 10));
        settle(t.coordinator());
        NamedTensors expected =
                ReplicaMean.of(
                        List.of(
                                new Contribution(0, 8, tensors(7, 10)),
                                new Contribution(1, 8, tensors(9, 10))));
        assertThat(t.learners().get(0).mean()).isEqualTo(expected);
        // a late piece of the failed attempt is dropped, not counted in the next round
        contribute(t.coordinator(), 1, 0, 6, 8, tensors(8, 10));
        settle(t.coordinator());
        assertThat(t.context().isJobFailed()).isFalse();
        assertThat(t.learners().get(0).notices()).noneMatch(n -> n.round() == 6);
        t.coordinator().close();
    }

    @Test
    void learnersDisagreeingOnTheRoundFailTheJob() throws Exception {
        Setup s = start(2);
        contribute(s.coordinator(), 0, 0, 3, 8, tensors(1, 10));
        contribute(s.coordinator(), 1, 0, 4, 8, tensors(2, 10));
        settle(s.coordinator());
        assertThat(s.context().isJobFailed()).isTrue();
        assertThat(s.context().getJobFailureReason())
                .hasMessageContaining("learner 1 contributed to averaging round 4")
                .hasMessageContaining("round 3 is being collected");
        s.coordinator().close();
    }
}
