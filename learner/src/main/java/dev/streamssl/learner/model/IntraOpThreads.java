package dev.streamssl.learner.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * How many threads libtorch may use for one operation called from this thread. libtorch keeps the
 * count per calling thread (OpenMP's team size and MKL's local setting; a thread that never sets it
 * takes the process-wide value at its first operation), so each thread that calls libtorch sets its
 * own: the learner's thread its share of the cores, the embedders' threads theirs. Without that,
 * every caller opens a team as wide as the machine and they fight for the same cores. The count
 * also fixes the order of parallel sums, so a learner restored with the same count repeats its
 * steps bit for bit.
 */
public final class IntraOpThreads {
    private IntraOpThreads() {}

    /** Sets this thread's count; {@code 0} means every core the JVM sees. Returns the count. */
    public static int setForThisThread(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        // loads the native library on first use; JniUtils alone does not
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(n);
        return n;
    }

    /** This thread's count. */
    public static int ofThisThread() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }
}
