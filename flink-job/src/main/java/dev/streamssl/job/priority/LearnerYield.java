package dev.streamssl.job.priority;

import dev.streamssl.learner.method.TrainStepResult;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The learner's side of the bound on embedding lag. Where the learner and the embedders share
 * cores, the embedders run at a higher nice value, so the learner trains at close to its own speed
 * and embedding takes what is left. That is right while embeddings stay fresh; against a backlog it
 * starved embedding (a tenth of its own rate, measured with {@code ./streamssl bench pipeline}),
 * and embeddings are what users consume. So: while the largest embedding lag of this JVM ({@link
 * EmbeddingLag}) exceeds {@code bound}, the learner rests after each step for {@code (1 / share −
 * 1)} times the step's duration, taking at most {@code share} of the time; it takes the cores again
 * once the lag is back under half the bound (the gap keeps it from flapping at the bound). A rest
 * is cut at {@link #MAX_REST_MILLIS} so that a checkpoint never waits long behind it.
 */
public final class LearnerYield {
    /** The longest single rest: a checkpoint barrier waits behind it in every-image mode. */
    static final long MAX_REST_MILLIS = 2_000;

    private final long boundMillis;
    private final double share;
    private final LongSupplier lagMillis;
    // written by the training thread, read by the metrics reporter
    private volatile boolean yielding;
    private volatile long restedMillis;

    /**
     * @param boundMillis the embedding lag above which the learner yields; 0: never yield
     * @param share the learner's share of the time while it yields, in (0, 1]
     * @param lagMillis the current largest embedding lag
     */
    public LearnerYield(long boundMillis, double share, LongSupplier lagMillis) {
        if (boundMillis < 0) {
            throw new IllegalArgumentException("a lag bound is >= 0, got " + boundMillis);
        }
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a share of time is in (0, 1], got " + share);
        }
        this.boundMillis = boundMillis;
        this.share = share;
        this.lagMillis = lagMillis;
    }

    /** The learner of job {@code job} in this JVM, reading the embedders' board. */
    public static LearnerYield forJob(String job, long boundMillis, double share) {
        String prefix = job + "/";
        return new LearnerYield(
                boundMillis, share, () -> EmbeddingLag.largest(prefix, System.nanoTime()));
    }

    /**
     * How long to rest after a step that took {@code stepMillis}: 0 unless the embedders are past
     * the bound (or were, and are not yet back under half of it).
     */
    public long restAfter(long stepMillis) {
        if (boundMillis == 0) {
            return 0;
        }
        long lag = lagMillis.getAsLong();
        if (lag > boundMillis) {
            yielding = true;
        } else if (lag < boundMillis / 2) {
            yielding = false;
        }
        if (!yielding) {
            return 0;
        }
        return Math.min(MAX_REST_MILLIS, Math.round(stepMillis * (1 / share - 1)));
    }

    /**
     * Rests as {@link #restAfter} says for the time these steps took; an interrupt (the task is
     * cancelled) ends the rest and stays set for the caller to see.
     */
    public void rest(List<TrainStepResult> steps) {
        double millis = 0;
        for (TrainStepResult s : steps) {
            millis += s.millis();
        }
        long rest = restAfter(Math.round(millis));
        if (rest > 0) {
            try {
                Thread.sleep(rest);
                restedMillis += rest;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the learner is yielding to the embedders now. */
    public boolean yielding() {
        return yielding;
    }

    /** Milliseconds rested so far. */
    public long restedMillis() {
        return restedMillis;
    }
}
