package dev.streamssl.learner.schedule;

/**
 * Linear warm-up to {@code value}, then {@code value} for ever: the schedule of a learner on an
 * unbounded stream.
 *
 * <pre>
 *   v(t) = value · (t + 1) / warmup     for t < warmup
 *   v(t) = value                        for t ≥ warmup
 * </pre>
 *
 * Why not the papers' cosine: a cosine decays to its final value at a horizon it must know in
 * advance, and a stream has no end. After the horizon the rate holds at a small fraction of its
 * peak and the learner has practically stopped adapting, which is wrong for a stream whose content
 * drifts. A constant rate keeps adapting at the same speed at step 10⁶ as at step 10³; the price is
 * the last few points of accuracy that an annealed rate buys at the end of a finite run, which a
 * budgeted run (the demo) gets back with {@link CosineSchedule}.
 */
public record ConstantSchedule(double value, long warmupSteps) implements StepSchedule {
    public ConstantSchedule {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up must be >= 0, got " + warmupSteps);
        }
    }

    @Override
    public double valueAt(long step) {
        if (step < warmupSteps) {
            return value * (step + 1) / warmupSteps;
        }
        return value;
    }
}
