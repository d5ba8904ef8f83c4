package dev.streamssl.job.learn;

import dev.streamssl.job.learn.sync.AveragingRounds;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.parallel.Contribution;
import dev.streamssl.learner.parallel.ReplicaMean;
import dev.streamssl.learner.parallel.ReplicatedState;
import dev.streamssl.learner.state.LearnerState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A learner restored at another parallelism than its checkpoint was written at. Every learner
 * merges all {@link ReplicaCheckpoint} entries the same way, the weighted mean of their averaged
 * parts ({@link ReplicaMean}, as one more averaging round would give), so all start from the same
 * model; the rest of its state (optimizer moments, queue, step, replay buffer) comes from entry
 * {@code subtask mod old parallelism}. A learner beyond the old count gets its own random stream
 * and an empty replay buffer, and the rounds start again closed, numbered on from the newest round
 * of any entry, with the outer optimizer's momentum afresh.
 */
final class ReplicaMerge {
    private ReplicaMerge() {}

    /**
     * Restores learner {@code subtask} from all learners' entries, given in learner order.
     *
     * @return learner 0 the images every learner skipped while waiting, the others none; the newest
     *     round to restart the rounds after
     */
    static LearnerCheckpoint.Resumed restore(
            List<ReplicaCheckpoint> all, TrainingLoop loop, MetricsReport report, int subtask)
            throws IOException {
        SslMethod method = loop.method();
        ReplicaCheckpoint base = all.get(subtask % all.size());
        List<Contribution> contributions = new ArrayList<>();
        long lastRound = 0;
        long seen = 0;
        long skipped = 0;
        long newest = -1;
        for (ReplicaCheckpoint e : all) {
            LearnerState state = e.learnerState();
            if (e == base) {
                method.restoreState(state);
            }
            long since = 0;
            if (e.rounds().length > 0) {
                since = AveragingRounds.savedImagesSinceRound(e.rounds());
                lastRound = Math.max(lastRound, AveragingRounds.savedRound(e.rounds()));
            }
            contributions.add(
                    new Contribution(
                            e.replica(),
                            since,
                            ReplicatedState.averaged(state, method::averagedAcrossReplicas)));
            // learner 0 counted everyone's images up to the last round, the others their own
            seen += e.replica() == 0 ? e.imagesTrained() : since;
            skipped += e.skipped();
            newest = Math.max(newest, e.newestTrainedMs());
        }
        method.restoreState(
                ReplicatedState.withAveraged(method.saveState(), ReplicaMean.of(contributions)));
        if (subtask < all.size()) {
            base.replayInto(loop.buffer());
        } else {
            method.restoreState(ReplicatedState.forReplica(method.saveState(), subtask));
        }
        // learner 0 keeps the count of every image trained on; the others count theirs from here
        if (subtask == 0 && all.get(0).replica() == 0) {
            report.restoreImagesTrained(seen);
        }
        loop.restoreNewestTrainedTimestamp(newest);
        return new LearnerCheckpoint.Resumed(subtask == 0 ? skipped : 0, null, lastRound);
    }
}
