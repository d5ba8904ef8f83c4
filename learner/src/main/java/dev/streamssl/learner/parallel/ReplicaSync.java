package dev.streamssl.learner.parallel;

import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;

/**
 * One data-parallel replica's side of the averaging rounds: gives its averaged tensors with the
 * images it trained on since the last round ({@link #contribution}), and takes the round's result
 * ({@link #adopt}): θ̄ᵣ = outer(θ̄ᵣ₋₁, mean) for the trained parameters and the plain mean for the
 * rest of the averaged tensors (BatchNorm running statistics, EMA teachers, global components; see
 * {@link ReplicatedState}), loaded into the averaged part of its method while its optimizer
 * moments, step, random stream and own components stay. Every replica runs the same outer step on
 * the same mean, so all hold θ̄ᵣ after the round.
 *
 * <p>Its own state, checkpointed with the replica: the outer optimizer's state and, when the outer
 * optimizer reads it, the anchor θ̄ᵣ₋₁ (the trained parameters only).
 */
public final class ReplicaSync {
    private final SslMethod method;
    private final int replica;
    private final OuterOptimizer outer;
    private NamedTensors anchor;
    private long imagesSinceRound;

    /** Starts at the method's current weights, which are the first anchor. */
    public ReplicaSync(SslMethod method, int replica, OuterOptimizer outer) {
        this.method = method;
        this.replica = replica;
        this.outer = outer;
        if (outer.needsAnchor()) {
            this.anchor = trainedPart(averagedNow());
        }
    }

    /** Counts images trained on for the next contribution's weight. */
    public void trained(long images) {
        imagesSinceRound += images;
    }

    public long imagesSinceRound() {
        return imagesSinceRound;
    }

    /** This replica's part of the round now. */
    public Contribution contribution() {
        return new Contribution(replica, imagesSinceRound, averagedNow());
    }

    /**
     * Ends the round: applies the outer step to the trained parameters of the replicas' mean, takes
     * the rest of the mean as it is, and loads the result.
     */
    public void adopt(NamedTensors mean) {
        NamedTensors stepped = outer.step(anchor, trainedPart(mean));
        NamedTensors next = ReplicatedState.replacing(mean, stepped);
        method.restoreState(ReplicatedState.withAveraged(method.saveState(), next));
        if (outer.needsAnchor()) {
            anchor = stepped;
        }
        imagesSinceRound = 0;
    }

    private NamedTensors averagedNow() {
        LearnerState state = method.saveState();
        return ReplicatedState.averaged(state, method::averagedAcrossReplicas);
    }

    private NamedTensors trainedPart(NamedTensors averaged) {
        return ReplicatedState.trainedPart(averaged, method::trainedParameter);
    }

    /** The anchor (empty when the outer optimizer does not read it) and the outer state. */
    public NamedTensors anchor() {
        return anchor == null ? NamedTensors.empty() : anchor;
    }

    public NamedTensors outerState() {
        return outer.state();
    }

    /** Continues from checkpointed values of {@link #anchor}, {@link #outerState} and the count. */
    public void restore(NamedTensors savedAnchor, NamedTensors savedOuter, long savedImages) {
        if (outer.needsAnchor()) {
            // an anchor checkpointed before the outer step left out the untrained tensors holds
            // them too; they are dropped here
            anchor = trainedPart(savedAnchor.size() == 0 ? averagedNow() : savedAnchor);
        }
        outer.restore(savedOuter);
        imagesSinceRound = savedImages;
    }
}
