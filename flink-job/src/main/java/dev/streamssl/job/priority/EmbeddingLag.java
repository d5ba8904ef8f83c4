package dev.streamssl.job.priority;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far this JVM's embedders are behind the head of the images topic, for the learner to read:
 * each embedder posts, after each micro-batch, how old the oldest image it just embedded was (wall
 * clock minus the time the image was written to the topic). The learner and the embedders compete
 * for cores only where they share a machine, and in Flink that means a TaskManager, one JVM: so the
 * board is a JVM-wide one, keyed by job and embedder subtask. A post older than {@link
 * #STALE_NANOS} counts as caught up: an embedder that has had nothing to embed for that long is not
 * behind.
 */
public final class EmbeddingLag {
    /** An embedder silent for this long has nothing waiting. */
    static final long STALE_NANOS = 2_000_000_000L;

    private record Post(long lagMillis, long atNanos) {}

    private static final Map<String, Post> BOARD = new ConcurrentHashMap<>();

    private EmbeddingLag() {}

    /**
     * Posts the lag of one embedder ({@code key}: job and subtask) measured at {@code nowNanos}.
     */
    public static void post(String key, long lagMillis, long nowNanos) {
        BOARD.put(key, new Post(Math.max(0, lagMillis), nowNanos));
    }

    /** Takes an embedder off the board (it closed). */
    public static void remove(String key) {
        BOARD.remove(key);
    }

    /**
     * The largest lag in milliseconds among the embedders of the job whose keys start with {@code
     * jobPrefix} that posted within {@link #STALE_NANOS} of {@code nowNanos}; 0 when none did.
     */
    public static long largest(String jobPrefix, long nowNanos) {
        long largest = 0;
        for (Map.Entry<String, Post> e : BOARD.entrySet()) {
            Post p = e.getValue();
            if (e.getKey().startsWith(jobPrefix) && nowNanos - p.atNanos() < STALE_NANOS) {
                largest = Math.max(largest, p.lagMillis());
            }
        }
        return largest;
    }

    /** The board key of an embedder subtask of one method's embedders in a job. */
    public static String key(String job, String method, int subtask) {
        return job + "/" + method + "/" + subtask;
    }
}
