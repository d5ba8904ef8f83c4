package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.learn.sync.AveragingRounds;
import dev.streamssl.job.learn.sync.RoundChunk;
import dev.streamssl.job.learn.sync.RoundOpened;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.parallel.ReplicaSync;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;

/**
 * One learner's part in the averaging rounds of several learners ({@code learner.parallelism} above
 * 1), on the operator's thread: its {@link AveragingRounds}, continued from a checkpoint; the
 * events of the {@link dev.streamssl.job.learn.sync.AveragingCoordinator} (another learner opened a
 * round, a piece of a round's mean); and, for a learner that cannot step, going to a round without
 * its {@code learner.sync-every} steps once {@code learner.sync-timeout} has passed, so that the
 * others are not held up by partitions that ran dry.
 */
final class RoundParticipant {
    private final AveragingRounds rounds;
    private final ReentrantLock modelLock;
    private final MetricsReport report;
    // learner 0 counts every learner's images, the others their own
    private final boolean countsEveryone;
    private final long syncTimeoutMillis;
    private final LongSupplier clock;
    private long lastRoundMillis;

    private RoundParticipant(
            AveragingRounds rounds,
            ReentrantLock modelLock,
            MetricsReport report,
            boolean countsEveryone,
            long syncTimeoutMillis,
            LongSupplier clock) {
        this.rounds = rounds;
        this.modelLock = modelLock;
        this.report = report;
        this.countsEveryone = countsEveryone;
        this.syncTimeoutMillis = syncTimeoutMillis;
        this.clock = clock;
    }

    /**
     * Joins the rounds at {@code method}'s current weights (the first anchor): continued from
     * {@code resumed}'s saved rounds, resending an open round's contribution, or started closed
     * after its last round.
     *
     * @param clock the operator's processing time, in milliseconds
     */
    static RoundParticipant start(
            SslMethod method,
            int subtask,
            JobSettings settings,
            OperatorEventGateway coordinator,
            LearnerCheckpoint.Resumed resumed,
            ReentrantLock modelLock,
            MetricsReport report,
            LongSupplier clock) {
        AveragingRounds rounds =
                new AveragingRounds(
                        new ReplicaSync(method, subtask, settings.outerOptimizer()),
                        coordinator,
                        subtask,
                        settings.get(LearnerOptions.SYNC_EVERY));
        if (resumed.rounds() != null) {
            rounds.restore(resumed.rounds());
            rounds.resendIfOpen();
        } else if (resumed.lastRound() > 0) {
            rounds.restartAfter(resumed.lastRound());
        }
        return new RoundParticipant(
                rounds,
                modelLock,
                report,
                subtask == 0,
                settings.get(LearnerOptions.SYNC_TIMEOUT).toMillis(),
                clock);
    }

    /** Whether a round is open: the learner waits for its mean before the next step. */
    boolean isOpen() {
        return rounds.isOpen();
    }

    /** Counts a batch's steps, which opens a round every {@code learner.sync-every} steps. */
    void afterSteps(List<TrainStepResult> results) {
        rounds.afterSteps(results);
    }

    /** The rounds' state, for the learner's checkpoint entry. */
    byte[] save() {
        return rounds.save();
    }

    /**
     * Takes an event of the coordinator. The piece of a round's mean that completes it closes the
     * round: the mean is adopted under the model lock and learner 0 counts the other learners'
     * images of the round.
     *
     * @return whether a round closed
     */
    boolean handle(OperatorEvent event) {
        if (event instanceof RoundOpened opened) {
            rounds.othersOpened(opened.round());
            return false;
        }
        if (!(event instanceof RoundChunk chunk)) {
            throw new IllegalArgumentException("unexpected operator event " + event);
        }
        long own = rounds.imagesSinceRound();
        long total;
        modelLock.lock();
        try {
            total = rounds.receive(chunk);
            if (total >= 0 && countsEveryone) {
                report.trained(Math.toIntExact(total - own));
            }
        } finally {
            modelLock.unlock();
        }
        if (total < 0) {
            return false;
        }
        lastRoundMillis = clock.getAsLong();
        return true;
    }

    /**
     * On the operator's timer: a learner that cannot take a step and has taken none, nor closed a
     * round, for {@code learner.sync-timeout} takes its tail of steps, or its place in a round
     * another learner opened, to a round.
     *
     * @param canStep whether a full batch waits
     */
    void onTick(long now, long lastStepMillis, boolean canStep) {
        if (!rounds.isOpen()
                && !canStep
                && now - Math.max(lastStepMillis, lastRoundMillis) >= syncTimeoutMillis) {
            rounds.openIfIdle();
        }
    }
}
