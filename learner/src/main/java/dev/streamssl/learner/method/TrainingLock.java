package dev.streamssl.learner.method;

import java.util.concurrent.locks.ReentrantLock;

/**
 * DJL's PyTorch engine allows one {@code GradientCollector} per JVM at a time (a static flag):
 * learners that share a JVM (several methods, or slots of one TaskManager) take turns through this
 * lock.
 */
public final class TrainingLock {
    public static final ReentrantLock LOCK = new ReentrantLock(true);

    private TrainingLock() {}
}
