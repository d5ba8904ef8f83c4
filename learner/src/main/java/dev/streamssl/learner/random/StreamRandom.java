package dev.streamssl.learner.random;

/**
 * The learner's seeded random-number generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014).
 *
 * <p>Its whole state is one {@code long}, so it is checkpointed with the learner and a restored
 * learner draws exactly the augmentation parameters the failed one would have drawn. Every random
 * choice of the learner (augmentation parameters, weight initialisation) comes from here, never
 * from PyTorch's global generator, which other threads of the same JVM may also use.
 */
public final class StreamRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    public StreamRandom(long state) {
        this.state = state;
    }

    /** The state to checkpoint; {@code new StreamRandom(state())} continues the same sequence. */
    public long state() {
        return state;
    }

    /** Continues from a checkpointed state. */
    public void restore(long state) {
        this.state = state;
    }

    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [low, high). */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** True with probability {@code p}. */
    public boolean bernoulli(double p) {
        return nextDouble() < p;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** A standard normal draw (Box-Muller; one of the pair is discarded to keep state simple). */
    public double nextGaussian() {
        double u1 = Math.max(nextDouble(), 1e-300);
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
