package dev.streamssl.job.learn;

import dev.streamssl.learner.replay.ReplayBuffer;
import dev.streamssl.learner.replay.ReplayBufferSerializer;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.LearnerStateSerializer;
import dev.streamssl.learner.state.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * What one learner subtask checkpoints, as one entry of the learner's union list state: every
 * learner reads every entry on restore, so that at the same parallelism each takes its own, and at
 * another one they can all merge the same entries into the same model.
 *
 * @param replica the learner subtask that wrote it
 * @param parallelism learners of the method when it was written
 * @param imagesTrained images this learner trained on (learner 0: all learners' up to the last
 *     round)
 * @param skipped images skipped while waiting (sample mode)
 * @param newestTrainedMs timestamp of the newest image trained on, or −1
 * @param learner the method's state, versioned
 * @param replay the replay buffer, versioned
 * @param rounds the averaging rounds' state, or empty with one learner
 */
public record ReplicaCheckpoint(
        int replica,
        int parallelism,
        long imagesTrained,
        long skipped,
        long newestTrainedMs,
        byte[] learner,
        byte[] replay,
        byte[] rounds) {
    /** The name of the learner's union list state that holds these entries. */
    public static final String STATE_NAME = "learner-replicas";

    private static final int FORMAT = 1;

    /**
     * The entry of learner {@code replica} as it stands; call with the model lock held.
     *
     * @param rounds the averaging rounds' state, empty with one learner
     */
    static ReplicaCheckpoint of(
            int replica,
            int parallelism,
            long imagesTrained,
            long skipped,
            TrainingLoop loop,
            byte[] rounds)
            throws IOException {
        ReplayBuffer buffer = loop.buffer();
        return new ReplicaCheckpoint(
                replica,
                parallelism,
                imagesTrained,
                skipped,
                loop.newestTrainedTimestampMs(),
                writeVersioned(loop.method().saveState(), new LearnerStateSerializer()),
                writeVersioned(buffer, new ReplayBufferSerializer(buffer)),
                rounds);
    }

    /** The method's state in this entry. */
    public LearnerState learnerState() throws IOException {
        return readVersioned(learner, new LearnerStateSerializer());
    }

    /** Loads this entry's replay buffer into {@code buffer}. */
    void replayInto(ReplayBuffer buffer) throws IOException {
        readVersioned(replay, new ReplayBufferSerializer(buffer));
    }

    byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(replica);
            out.writeInt(parallelism);
            out.writeLong(imagesTrained);
            out.writeLong(skipped);
            out.writeLong(newestTrainedMs);
            for (byte[] part : new byte[][] {learner, replay, rounds}) {
                out.writeInt(part.length);
                out.write(part);
            }
        }
        return bytes.toByteArray();
    }

    public static ReplicaCheckpoint fromBytes(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("learner checkpoint entry of format " + format + " unknown");
            }
            int replica = in.readInt();
            int parallelism = in.readInt();
            long seen = in.readLong();
            long skipped = in.readLong();
            long newest = in.readLong();
            byte[][] parts = new byte[3][];
            for (int i = 0; i < 3; i++) {
                parts[i] = new byte[in.readInt()];
                in.readFully(parts[i]);
            }
            return new ReplicaCheckpoint(
                    replica, parallelism, seen, skipped, newest, parts[0], parts[1], parts[2]);
        }
    }

    /**
     * The entry learner {@code subtask} of {@code parallelism} continues from, when the entries
     * were written at that parallelism; else null (a merge is due).
     */
    static ReplicaCheckpoint own(List<ReplicaCheckpoint> entries, int subtask, int parallelism) {
        if (entries.size() != parallelism) {
            return null;
        }
        for (ReplicaCheckpoint e : entries) {
            if (e.parallelism() != parallelism) {
                return null;
            }
        }
        for (ReplicaCheckpoint e : entries) {
            if (e.replica() == subtask) {
                return e;
            }
        }
        return null;
    }

    /** The entries in learner order. */
    static List<ReplicaCheckpoint> ordered(List<ReplicaCheckpoint> entries) {
        return entries.stream()
                .sorted(Comparator.comparingInt(ReplicaCheckpoint::replica))
                .toList();
    }

    /** A versioned part: the serializer's version, then its bytes. */
    static <T> byte[] writeVersioned(T value, VersionedSerializer<T> serializer)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(serializer.version());
            out.write(serializer.serialize(value));
        }
        return bytes.toByteArray();
    }

    static <T> T readVersioned(byte[] bytes, VersionedSerializer<T> serializer) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            return serializer.deserialize(version, in.readAllBytes());
        }
    }
}
