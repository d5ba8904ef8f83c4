package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.parallel.ReplicatedState;
import dev.streamssl.learner.replay.ReplayBufferSerializer;
import dev.streamssl.learner.state.LearnerStateSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * The learner's operator state (no keys), read in {@code initializeState} and written in {@code
 * snapshotState}:
 *
 * <ul>
 *   <li>{@code learner-replicas}, a union list: one {@link ReplicaCheckpoint} per learner. Every
 *       learner reads all of them, so that a restore at another parallelism can merge them.
 *   <li>{@code pending-images}, a split list: the images received but not yet trained on, which
 *       Flink deals out again on rescaling without losing or duplicating one.
 *   <li>{@code learner-written-for}: the options the state depends on, compared on restore.
 *   <li>{@code learner-state}, {@code replay-buffer}, {@code learner-counters}: how checkpoints
 *       written before {@code learner.parallelism} held the learner; read on restore, written
 *       empty.
 * </ul>
 *
 * Checkpoints and savepoints already written are read by these names and byte formats: changing one
 * makes them unreadable.
 */
final class LearnerCheckpoint {
    /** one {@link ReplicaCheckpoint} per learner; every learner reads all on restore */
    static final ListStateDescriptor<byte[]> REPLICAS =
            new ListStateDescriptor<>(
                    ReplicaCheckpoint.STATE_NAME,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    static final ListStateDescriptor<DecodedImage> PENDING =
            new ListStateDescriptor<>("pending-images", TypeInformation.of(DecodedImage.class));

    private static final ListStateDescriptor<byte[]> LEGACY_LEARNER =
            new ListStateDescriptor<>(
                    "learner-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final ListStateDescriptor<byte[]> LEGACY_REPLAY =
            new ListStateDescriptor<>(
                    "replay-buffer", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** images seen, images skipped while waiting, newest trained timestamp */
    private static final ListStateDescriptor<Long> LEGACY_COUNTERS =
            new ListStateDescriptor<>("learner-counters", Types.LONG);

    /** what the state was written for: option=value lines, compared on restore */
    private static final ListStateDescriptor<String> WRITTEN_FOR =
            new ListStateDescriptor<>("learner-written-for", Types.STRING);

    private final ListState<byte[]> replicas;
    private final ListState<byte[]> legacyLearner;
    private final ListState<byte[]> legacyReplay;
    private final ListState<Long> legacyCounters;
    private final ListState<DecodedImage> pending;
    private final ListState<String> writtenFor;
    // what a restore read; the bytes are let go once the learner holds them
    private List<ReplicaCheckpoint> restoredEntries = new ArrayList<>();
    private List<DecodedImage> restoredPending = new ArrayList<>();
    private final List<String> restoredWrittenFor = new ArrayList<>();
    private byte[] restoredLearner;
    private byte[] restoredReplay;
    private long[] restoredCounters;

    /**
     * What the operator goes on with after {@link #restore}.
     *
     * @param skippedWaiting images skipped while waiting (sample mode), as checkpointed
     * @param rounds the averaging rounds' state to continue, or null
     * @param lastRound without {@code rounds}: the round to start the rounds closed after
     */
    record Resumed(long skippedWaiting, byte[] rounds, long lastRound) {}

    /** Registers the states, and reads them when {@code context} restores. */
    LearnerCheckpoint(StateInitializationContext context) throws Exception {
        OperatorStateStore store = context.getOperatorStateStore();
        replicas = store.getUnionListState(REPLICAS);
        legacyLearner = store.getListState(LEGACY_LEARNER);
        legacyReplay = store.getListState(LEGACY_REPLAY);
        pending = store.getListState(PENDING);
        legacyCounters = store.getListState(LEGACY_COUNTERS);
        writtenFor = store.getListState(WRITTEN_FOR);
        if (!context.isRestored()) {
            return;
        }
        for (byte[] bytes : replicas.get()) {
            restoredEntries.add(ReplicaCheckpoint.fromBytes(bytes));
        }
        for (byte[] bytes : legacyLearner.get()) {
            restoredLearner = bytes;
        }
        for (byte[] bytes : legacyReplay.get()) {
            restoredReplay = bytes;
        }
        pending.get().forEach(restoredPending::add);
        List<Long> counters = new ArrayList<>();
        legacyCounters.get().forEach(counters::add);
        if (counters.size() == 3) {
            restoredCounters = new long[] {counters.get(0), counters.get(1), counters.get(2)};
        }
        writtenFor.get().forEach(restoredWrittenFor::add);
    }

    /** Hands over the images that waited at the checkpoint (this subtask's share of them). */
    List<DecodedImage> takeRestoredPending() {
        List<DecodedImage> images = restoredPending;
        restoredPending = List.of();
        return images;
    }

    /** The options a checkpoint's learner state depends on, as {@code option=value}. */
    static List<String> writtenFor(JobSettings settings, LearnerSettings learner) {
        return List.of(
                "learner.method=" + settings.get(LearnerOptions.METHOD),
                "learner.architecture=" + learner.architecture().configName(),
                "input.image-size=" + learner.imageSize(),
                "input.decode-size=" + settings.decodeSize(),
                "input.channels=" + learner.channels(),
                "learner.replay.policy=" + settings.get(LearnerOptions.REPLAY_POLICY),
                "learner.replay.capacity=" + settings.get(LearnerOptions.REPLAY_CAPACITY),
                // CaSSLe's frozen copy and predictor are part of the learner's state
                "continual.strategy=" + learner.continual().strategy());
    }

    /**
     * A checkpoint written for another method, encoder or input shape cannot be continued. Failing
     * inside the learner would restart the job from the same checkpoint for ever; this fails it
     * once, without restarts, with one line naming the option and both values.
     *
     * @param options what the job is configured with, as {@link #writtenFor} gives it
     */
    void refuseIncompatibleState(List<String> options) {
        for (String now : options) {
            String option = now.substring(0, now.indexOf('='));
            for (String then : restoredWrittenFor) {
                if (then.startsWith(option + "=") && !then.equals(now)) {
                    throw new SuppressRestartsException(
                            new IllegalStateException(
                                    "the checkpoint's learner state was written with "
                                            + then
                                            + " but the job is configured with "
                                            + now
                                            + "; configure "
                                            + option
                                            + " as the checkpoint was written, or start the"
                                            + " job without the checkpoint"));
                }
            }
        }
    }

    /**
     * Brings the learner where the checkpoint left it: from the learners' entries, or from the
     * states of checkpoints before them. Without a checkpoint, learners after the first take the
     * same weights with a random stream of their own.
     */
    Resumed restore(TrainingLoop loop, MetricsReport report, int subtask, int parallelism)
            throws IOException {
        if (!restoredEntries.isEmpty()) {
            List<ReplicaCheckpoint> all = ReplicaCheckpoint.ordered(restoredEntries);
            restoredEntries = List.of();
            ReplicaCheckpoint own = ReplicaCheckpoint.own(all, subtask, parallelism);
            return own != null
                    ? continueFrom(own, loop, report)
                    : ReplicaMerge.restore(all, loop, report, subtask);
        }
        SslMethod method = loop.method();
        long skipped = 0;
        if (restoredLearner != null) {
            method.restoreState(
                    ReplicaCheckpoint.readVersioned(restoredLearner, new LearnerStateSerializer()));
            restoredLearner = null;
        } else if (subtask > 0) {
            // the learners start from the same weights, each with its own random stream
            method.restoreState(ReplicatedState.forReplica(method.saveState(), subtask));
        }
        if (restoredReplay != null) {
            ReplicaCheckpoint.readVersioned(
                    restoredReplay, new ReplayBufferSerializer(loop.buffer()));
            restoredReplay = null;
        }
        if (restoredCounters != null) {
            report.restoreImagesTrained(restoredCounters[0]);
            skipped = restoredCounters[1];
            loop.restoreNewestTrainedTimestamp(restoredCounters[2]);
        }
        return new Resumed(skipped, null, 0);
    }

    /** At the parallelism of the checkpoint: this learner's own entry, open round included. */
    private static Resumed continueFrom(
            ReplicaCheckpoint own, TrainingLoop loop, MetricsReport report) throws IOException {
        loop.method().restoreState(own.learnerState());
        own.replayInto(loop.buffer());
        report.restoreImagesTrained(own.imagesTrained());
        loop.restoreNewestTrainedTimestamp(own.newestTrainedMs());
        return new Resumed(own.skipped(), own.rounds().length == 0 ? null : own.rounds(), -1);
    }

    /** Writes the checkpoint: this learner's entry, its waiting images, the legacy states empty. */
    void write(ReplicaCheckpoint entry, List<DecodedImage> waiting, List<String> options)
            throws Exception {
        replicas.update(List.of(entry.toBytes()));
        legacyLearner.clear();
        legacyReplay.clear();
        legacyCounters.clear();
        pending.update(waiting);
        writtenFor.update(options);
    }
}
