package dev.streamssl.job.learn.sync;

import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.parallel.ReplicaSync;
import dev.streamssl.learner.state.NamedTensors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;

/**
 * A learner subtask's side of the averaging rounds, on the operator's thread: after every {@code
 * syncEvery} steps it opens a round by sending its contribution to the {@link
 * AveragingCoordinator}; while the round is open the operator trains on nothing (new images wait in
 * its checkpointed pending list); when the mean has arrived the round closes with the outer step
 * ({@link ReplicaSync#adopt}). A snapshot taken while a round is open restores it open, and {@link
 * #resendIfOpen} sends the same contribution again.
 */
public final class AveragingRounds {
    private static final int FORMAT = 1;

    private final ReplicaSync sync;
    private final OperatorEventGateway coordinator;
    private final int replica;
    private final int syncEvery;
    private long round;
    private boolean open;
    private int stepsSinceRound;
    private ChunkedMessage incoming;
    // the newest round another learner opened, as the coordinator said (not checkpointed: after a
    // restore the coordinator says it again)
    private long othersOpened;

    public AveragingRounds(
            ReplicaSync sync, OperatorEventGateway coordinator, int replica, int syncEvery) {
        this.sync = sync;
        this.coordinator = coordinator;
        this.replica = replica;
        this.syncEvery = syncEvery;
    }

    /** Whether a round is open: the learner waits for its mean before the next step. */
    public boolean isOpen() {
        return open;
    }

    /** Rounds opened so far (the open one included). */
    public long round() {
        return round;
    }

    /** Counts a batch's steps; opens a round once {@code syncEvery} steps were taken since. */
    public void afterSteps(List<TrainStepResult> results) {
        for (TrainStepResult r : results) {
            if (r.applied()) {
                sync.trained(r.images());
            }
        }
        stepsSinceRound += results.size();
        if (stepsSinceRound >= syncEvery) {
            openNext();
        }
    }

    /** Another learner opened {@code opened}. */
    public void othersOpened(long opened) {
        othersOpened = Math.max(othersOpened, opened);
    }

    /**
     * For a learner that cannot take a step (fewer than a batch of images waiting) and has been so
     * for the sync timeout: opens the next round early when it has steps the others have not seen
     * or when another learner waits in that round. Otherwise nothing is to be averaged.
     *
     * @return whether a round was opened
     */
    public boolean openIfIdle() {
        if (open || (stepsSinceRound == 0 && othersOpened <= round)) {
            return false;
        }
        openNext();
        return true;
    }

    private void openNext() {
        round++;
        open = true;
        stepsSinceRound = 0;
        incoming = null;
        send();
    }

    /** After a restore with a round open: the same contribution again. */
    public void resendIfOpen() {
        if (open) {
            incoming = null;
            send();
        }
    }

    private void send() {
        var contribution = sync.contribution();
        for (RoundChunk c :
                ChunkedMessage.split(
                        round,
                        replica,
                        contribution.images(),
                        TensorBytes.write(contribution.tensors()),
                        RoundChunk.MAX_BYTES)) {
            coordinator.sendEventToCoordinator(c);
        }
    }

    /**
     * Takes a piece of the round's mean. When the last piece is in, adopts it and closes the round.
     *
     * @return the images all learners trained on in the round once it closed, else −1
     */
    public long receive(RoundChunk chunk) {
        if (!open || chunk.round() != round) {
            return -1; // a mean this learner does not wait for (its round was restored closed)
        }
        if (incoming == null) {
            incoming = ChunkedMessage.expecting(chunk.count());
        }
        if (!incoming.add(chunk)) {
            return -1;
        }
        NamedTensors mean = TensorBytes.read(incoming.bytes());
        incoming = null;
        sync.adopt(mean);
        open = false;
        return chunk.images();
    }

    /** The images this learner trained on since its last round closed. */
    public long imagesSinceRound() {
        return sync.imagesSinceRound();
    }

    /** Round, open flag, steps and images since the last round, anchor and outer state. */
    public byte[] save() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(round);
            out.writeBoolean(open);
            out.writeInt(stepsSinceRound);
            out.writeLong(sync.imagesSinceRound());
            writeBytes(out, TensorBytes.write(sync.anchor()));
            writeBytes(out, TensorBytes.write(sync.outerState()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public void restore(byte[] saved) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException(
                        "averaging round state of format " + format + " is not known");
            }
            round = in.readLong();
            open = in.readBoolean();
            stepsSinceRound = in.readInt();
            long images = in.readLong();
            NamedTensors anchor = TensorBytes.read(readBytes(in));
            NamedTensors outer = TensorBytes.read(readBytes(in));
            sync.restore(anchor, outer, images);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After a restore at another parallelism: the learners' models were merged into one, so the
     * rounds start again closed, numbered on from {@code lastRound}, which every learner read from
     * the same checkpoint.
     */
    public void restartAfter(long lastRound) {
        round = lastRound;
        open = false;
        stepsSinceRound = 0;
    }

    /** The round number in saved round state, without restoring it. */
    public static long savedRound(byte[] saved) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            in.readInt();
            return in.readLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The images since the last round in saved round state (the weight in a merge). */
    public static long savedImagesSinceRound(byte[] saved) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            in.readInt();
            in.readLong();
            in.readBoolean();
            in.readInt();
            return in.readLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
