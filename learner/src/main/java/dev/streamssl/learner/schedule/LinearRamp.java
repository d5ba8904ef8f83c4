package dev.streamssl.learner.schedule;

/**
 * A linear ramp from {@code start} to {@code end} over {@code steps}, then {@code end} for ever:
 * DINO's teacher-temperature warm-up (0.04 → 0.07 over the first 30 epochs in the paper; over a
 * number of steps here, since a stream has no epochs).
 */
public record LinearRamp(double start, double end, long steps) implements StepSchedule {
    public LinearRamp {
        if (steps < 0) {
            throw new IllegalArgumentException("ramp length must be >= 0, got " + steps);
        }
    }

    @Override
    public double valueAt(long step) {
        if (step >= steps) {
            return end;
        }
        return start + (end - start) * step / steps;
    }
}
