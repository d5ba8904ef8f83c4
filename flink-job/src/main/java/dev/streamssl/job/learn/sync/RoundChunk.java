package dev.streamssl.job.learn.sync;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/**
 * One piece of an averaging round's message between a learner subtask and the {@link
 * AveragingCoordinator}: from a learner its contribution (its averaged tensors), from the
 * coordinator the round's mean. A message is cut into pieces of at most {@link #MAX_BYTES} so that
 * no event comes near Flink's RPC frame limit ({@code pekko.framesize}, 10 MiB by default).
 *
 * @param round the round, counted from 1 per job
 * @param replica the contributing learner subtask, or −1 for the mean
 * @param images images the contributor trained on since the last round; for the mean, the sum
 * @param index this piece's place in the message
 * @param count pieces in the message
 * @param bytes this piece
 */
public record RoundChunk(long round, int replica, long images, int index, int count, byte[] bytes)
        implements OperatorEvent {
    /** 8 MiB: the largest piece of a message. */
    public static final int MAX_BYTES = 8 << 20;

    private static final long serialVersionUID = 1L;
}
