package dev.streamssl.learner.replay;

/**
 * Which images a full {@link ReplayBuffer} keeps, and how the learner draws its batches from it.
 *
 * <ul>
 *   <li>{@code FIFO}: a queue; each batch is the oldest images not yet trained on, each trained on
 *       once, in arrival order. When the buffer overflows the oldest untrained image is dropped, so
 *       a learner that cannot keep up trains on the most recent images. This is the learner's
 *       behaviour without replay.
 *   <li>{@code RESERVOIR}: a uniform sample of everything seen so far (Vitter's algorithm R: the
 *       n-th image is admitted with probability capacity/n, over a random resident); batches are
 *       drawn uniformly from the buffer, so an image may be trained on several times.
 *   <li>{@code MINRED}: minimum redundancy (Purushwalkam, Morgado and Gupta, "The Challenges of
 *       Continuous Self-Supervised Learning", ECCV 2022): when full, the image whose feature is
 *       most similar (cosine) to its nearest neighbour in the buffer is evicted, so near-duplicates
 *       from a slow camera or one class go first; batches are drawn uniformly.
 * </ul>
 */
public enum ReplayPolicy {
    FIFO,
    RESERVOIR,
    MINRED;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ReplayPolicy fromConfigName(String name) {
        for (ReplayPolicy p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "learner.replay.policy = '"
                        + name
                        + "' is not known; allowed: fifo, reservoir, minred");
    }
}
