package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.replay.ReplayBuffer;
import dev.streamssl.learner.replay.ReplayPolicy;
import dev.streamssl.schemas.DriftReport;
import dev.streamssl.schemas.MetricsTopicCodec;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * What a {@link LearnerOperator} under the test harness shows anyway, read as Flink would: its
 * checkpoint (a snapshot of the harness, decoded by {@link LearnerCheckpoint}'s states and {@link
 * ReplicaCheckpoint}) and its metrics side output. The operator has no accessors for tests.
 */
final class LearnerProbe {
    private final OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> harness;
    private long checkpointId;

    LearnerProbe(OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> harness) {
        this.harness = harness;
    }

    /**
     * A learner's checkpoint: its own entry of the union list and the images that waited.
     *
     * @param state the snapshot, for restoring
     */
    record Checkpoint(
            OperatorSubtaskState state, ReplicaCheckpoint entry, List<DecodedImage> waiting) {
        /** Training steps taken (the model version of the next snapshot). */
        long step() throws IOException {
            return entry.learnerState().step();
        }

        /**
         * Images trained on, skipped (by the replay buffer, configured as in {@code settings}, and
         * while waiting) and waiting, as the checkpoint wrote them together under the model lock.
         */
        long[] imageAccount(JobSettings settings) throws IOException {
            ReplayBuffer buffer =
                    new ReplayBuffer(
                            ReplayPolicy.fromConfigName(settings.get(LearnerOptions.REPLAY_POLICY)),
                            settings.get(LearnerOptions.REPLAY_CAPACITY),
                            0);
            entry.replayInto(buffer);
            return new long[] {
                entry.imagesTrained(), buffer.skipped() + entry.skipped(), waiting.size()
            };
        }
    }

    /** Checkpoints the learner now. */
    Checkpoint checkpoint() throws Exception {
        checkpointId++;
        return read(harness.snapshot(checkpointId, checkpointId));
    }

    /** Decodes a learner's snapshot (of parallelism 1) by restoring it into a reader. */
    static Checkpoint read(OperatorSubtaskState state) throws Exception {
        Reader reader = new Reader();
        try (OneInputStreamOperatorTestHarness<Object, Object> h =
                new OneInputStreamOperatorTestHarness<>(reader)) {
            h.initializeState(state);
        }
        if (reader.entries.size() != 1) {
            throw new IllegalStateException(
                    "expected one learner's entry, found " + reader.entries.size());
        }
        return new Checkpoint(state, reader.entries.get(0), reader.waiting);
    }

    /** Every metrics record the learner emitted, oldest first. */
    List<TrainingMetrics> metrics() throws Exception {
        return sideOutput(TrainingMetrics.class);
    }

    /** Every drift check the learner reported, oldest first. */
    List<DriftReport> driftReports() throws Exception {
        return sideOutput(DriftReport.class);
    }

    private <T> List<T> sideOutput(Class<T> type) throws Exception {
        MetricsTopicCodec codec = MetricsTopicCodec.of(WireFormat.singleObject(), "metrics");
        List<T> all = new ArrayList<>();
        var records = harness.getSideOutput(LearnerOperator.METRICS);
        if (records != null) {
            for (StreamRecord<EncodedRecord> r : records) {
                Object record = codec.decode(r.getValue().value);
                if (type.isInstance(record)) {
                    all.add(type.cast(record));
                }
            }
        }
        return all;
    }

    TrainingMetrics lastMetrics() throws Exception {
        List<TrainingMetrics> all = metrics();
        return all.get(all.size() - 1);
    }

    /** Reads the learner's states under their names, as a restoring learner does. */
    private static final class Reader extends AbstractStreamOperator<Object>
            implements OneInputStreamOperator<Object, Object> {
        final List<ReplicaCheckpoint> entries = new ArrayList<>();
        final List<DecodedImage> waiting = new ArrayList<>();

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            var store = context.getOperatorStateStore();
            for (byte[] bytes : store.getUnionListState(LearnerCheckpoint.REPLICAS).get()) {
                entries.add(ReplicaCheckpoint.fromBytes(bytes));
            }
            store.getListState(LearnerCheckpoint.PENDING).get().forEach(waiting::add);
        }

        @Override
        public void processElement(StreamRecord<Object> element) {}
    }
}
