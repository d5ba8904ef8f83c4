package dev.streamssl.job.learn.sync;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/**
 * From the {@link AveragingCoordinator} to the learners that have not contributed yet: another
 * learner opened round {@code round}. A learner that cannot take a step (its partitions ran dry)
 * joins the round after {@code learner.sync-timeout} instead of holding the others up.
 */
public record RoundOpened(long round) implements OperatorEvent {
    private static final long serialVersionUID = 1L;
}
