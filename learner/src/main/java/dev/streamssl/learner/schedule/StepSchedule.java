package dev.streamssl.learner.schedule;

/**
 * A hyper-parameter (learning rate, EMA momentum, temperature) as a function of the learner's step
 * counter, which is checkpointed: a restored learner continues the schedule where it stopped.
 */
@FunctionalInterface
public interface StepSchedule {
    double valueAt(long step);
}
