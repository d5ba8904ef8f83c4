package dev.streamssl.job.learn.sync;

import dev.streamssl.learner.parallel.Contribution;
import dev.streamssl.learner.parallel.ReplicaMean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager-side peer of a method's learners: collects every learner's contribution to a
 * round, computes their weighted mean in learner order ({@link ReplicaMean}) and sends it back to
 * all of them. This is how data-parallel learners agree without a collective operation (DJL binds
 * none) and without a channel outside Flink: contributions and means travel as operator events.
 *
 * <p>It never waits: every callback hands its work to the coordinator's own thread (so the
 * JobManager's main thread is not held by a reduction), and the learners park new images while
 * their round is open instead of blocking in Flink's calls.
 *
 * <p>Its checkpoint is empty. Why that is consistent: a mean sent before the coordinator's
 * checkpoint reaches each learner before that learner's barrier (Flink completes a coordinator
 * checkpoint once the events sent before it are delivered), and one sent after is held back until
 * the learner has taken its checkpoint (FLINK-28606); either way every learner's snapshot agrees on
 * whether the round closed. After a restore the learners whose snapshot holds an open round send
 * their contribution again, and the ones that had not reached it train up to it again on the same
 * images: the same inputs in the same order give the same mean, bit for bit. Contributions from an
 * attempt that failed are dropped.
 */
public final class AveragingCoordinator implements OperatorCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(AveragingCoordinator.class);

    private final Context context;
    private final int replicas;
    private final ExecutorService thread;
    // everything below is touched on the coordinator's own thread only
    private final SubtaskGateway[] gateways;
    private final int[] attempts;
    private final Map<Integer, List<OperatorEvent>> undelivered = new HashMap<>();
    private final Map<Integer, ChunkedMessage> assembling = new HashMap<>();
    private final Map<Integer, Contribution> contributions = new HashMap<>();
    private long round = -1;
    private long roundsCompleted;

    AveragingCoordinator(Context context) {
        this.context = context;
        this.replicas = context.currentParallelism();
        this.gateways = new SubtaskGateway[replicas];
        this.attempts = new int[replicas];
        java.util.Arrays.fill(attempts, -1);
        this.thread =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t =
                                    new Thread(r, "streamssl-averaging-" + context.getOperatorId());
                            t.setDaemon(true);
                            return t;
                        });
        context.metricGroup().gauge("roundsCompleted", () -> roundsCompleted);
    }

    private void onThread(String what, Runnable action) {
        thread.execute(
                () -> {
                    try {
                        action.run();
                    } catch (Throwable t) {
                        LOG.error("averaging coordinator failed in {}", what, t);
                        context.failJob(t);
                    }
                });
    }

    @Override
    public void start() {}

    @Override
    public void close() {
        thread.shutdownNow();
    }

    @Override
    public void handleEventFromOperator(int subtask, int attemptNumber, OperatorEvent event) {
        if (!(event instanceof RoundChunk chunk)) {
            throw new IllegalArgumentException("unexpected event " + event);
        }
        onThread("a contribution", () -> receive(subtask, attemptNumber, chunk));
    }

    private void receive(int subtask, int attempt, RoundChunk chunk) {
        if (attempt < attempts[subtask]) {
            return; // from an attempt that has since failed
        }
        if (attempt > attempts[subtask]) {
            attempts[subtask] = attempt;
            forget(subtask);
        }
        if (contributions.isEmpty() && assembling.isEmpty()) {
            round = chunk.round();
            // the others learn that a round is waiting for them (a learner whose partitions ran
            // dry then joins instead of holding everyone up)
            for (int other = 0; other < replicas; other++) {
                if (other != subtask) {
                    send(other, new RoundOpened(round));
                }
            }
        } else if (chunk.round() != round) {
            throw new IllegalStateException(
                    "learner "
                            + subtask
                            + " contributed to averaging round "
                            + chunk.round()
                            + " while round "
                            + round
                            + " is being collected; the learners disagree on their rounds");
        }
        ChunkedMessage message =
                assembling.computeIfAbsent(subtask, s -> ChunkedMessage.expecting(chunk.count()));
        if (!message.add(chunk)) {
            return;
        }
        assembling.remove(subtask);
        contributions.put(
                subtask,
                new Contribution(subtask, chunk.images(), TensorBytes.read(message.bytes())));
        if (contributions.size() == replicas) {
            closeRound();
        }
    }

    private void closeRound() {
        long start = System.nanoTime();
        long images = 0;
        for (Contribution c : contributions.values()) {
            images += c.images();
        }
        byte[] mean = TensorBytes.write(ReplicaMean.of(new ArrayList<>(contributions.values())));
        List<RoundChunk> chunks =
                ChunkedMessage.split(round, -1, images, mean, RoundChunk.MAX_BYTES);
        for (int subtask = 0; subtask < replicas; subtask++) {
            for (RoundChunk c : chunks) {
                send(subtask, c);
            }
        }
        LOG.debug(
                "averaging round {}: {} learners, {} images, {} bytes, reduced in {} ms",
                round,
                replicas,
                images,
                mean.length,
                (System.nanoTime() - start) / 1_000_000);
        contributions.clear();
        roundsCompleted++;
    }

    private void send(int subtask, OperatorEvent event) {
        undelivered.computeIfAbsent(subtask, s -> new ArrayList<>()).add(event);
        deliver(subtask);
    }

    private void deliver(int subtask) {
        SubtaskGateway gateway = gateways[subtask];
        List<OperatorEvent> queue = undelivered.get(subtask);
        if (gateway == null || queue == null) {
            return;
        }
        while (!queue.isEmpty()) {
            try {
                // the gateway hands the event to the JobManager's main thread itself; a delivery
                // that fails later fails the learner's task, which restores and sends again
                gateway.sendEvent(queue.get(0));
            } catch (RuntimeException e) {
                LOG.warn(
                        "learner {} cannot take events yet; kept for its next attempt", subtask, e);
                return;
            }
            queue.remove(0);
        }
        undelivered.remove(subtask);
    }

    /** Drops what a subtask sent or was owed in the round being collected. */
    private void forget(int subtask) {
        assembling.remove(subtask);
        contributions.remove(subtask);
        undelivered.remove(subtask);
    }

    @Override
    public void checkpointCoordinator(long checkpointId, CompletableFuture<byte[]> result) {
        // after the work queued before it, so that a mean computed before the checkpoint is sent
        // before the checkpoint completes
        onThread("a checkpoint", () -> result.complete(new byte[0]));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {}

    @Override
    public void resetToCheckpoint(long checkpointId, byte[] checkpointData) {
        onThread(
                "a reset",
                () -> {
                    assembling.clear();
                    contributions.clear();
                    undelivered.clear();
                    round = -1;
                });
    }

    @Override
    public void subtaskReset(int subtask, long checkpointId) {
        onThread("a subtask reset", () -> forget(subtask));
    }

    @Override
    public void executionAttemptFailed(int subtask, int attemptNumber, Throwable reason) {
        onThread(
                "a failed attempt",
                () -> {
                    if (gateways[subtask] != null && attempts[subtask] <= attemptNumber) {
                        gateways[subtask] = null;
                    }
                });
    }

    @Override
    public void executionAttemptReady(int subtask, int attemptNumber, SubtaskGateway gateway) {
        onThread(
                "a ready attempt",
                () -> {
                    if (attemptNumber > attempts[subtask]) {
                        attempts[subtask] = attemptNumber;
                        forget(subtask);
                    }
                    gateways[subtask] = gateway;
                    deliver(subtask);
                });
    }

    /** Creates the coordinator of one learner operator. */
    public static final class Provider implements OperatorCoordinator.Provider {
        private static final long serialVersionUID = 1L;
        private final OperatorID operatorId;

        public Provider(OperatorID operatorId) {
            this.operatorId = operatorId;
        }

        @Override
        public OperatorID getOperatorId() {
            return operatorId;
        }

        @Override
        public OperatorCoordinator create(Context context) {
            return new AveragingCoordinator(context);
        }
    }
}
