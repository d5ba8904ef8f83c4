package dev.streamssl.learner.schedule;

/**
 * Linear warm-up followed by a half-cosine from {@code base} to {@code end}, as a function of the
 * step counter (SGDR, Loshchilov and Hutter 2017; the learning-rate schedule of SimCLR, BYOL, DINO,
 * and with base→end swapped upwards, BYOL's and DINO's EMA momentum schedule).
 *
 * <pre>
 *   v(t) = base · t / warmup                                   for t < warmup
 *   v(t) = end + (base − end) · ½ (1 + cos(π (t − warmup) / (horizon − warmup)))   for t < horizon
 *   v(t) = end                                                  for t ≥ horizon
 * </pre>
 *
 * The papers know the number of epochs in advance; a stream does not. Here the horizon is a
 * configured number of steps, after which the value holds at {@code end}: right for a run with a
 * budget (the demo), wrong as the default of an unbounded stream ({@link ConstantSchedule}).
 */
public record CosineSchedule(double base, double end, long warmupSteps, long horizonSteps)
        implements StepSchedule {

    public CosineSchedule {
        if (warmupSteps < 0 || horizonSteps < warmupSteps) {
            throw new IllegalArgumentException(
                    "schedule needs 0 <= warmup ("
                            + warmupSteps
                            + ") <= horizon ("
                            + horizonSteps
                            + ")");
        }
    }

    public static CosineSchedule constant(double value) {
        return new CosineSchedule(value, value, 0, 0);
    }

    @Override
    public double valueAt(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        if (step >= horizonSteps) {
            return end;
        }
        double progress = (double) (step - warmupSteps) / (horizonSteps - warmupSteps);
        return end + (base - end) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
