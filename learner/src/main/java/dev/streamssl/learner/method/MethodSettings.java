package dev.streamssl.learner.method;

/**
 * Settings of one self-supervised method; each method has its own record, built from the method's
 * {@link MethodOption}s by its {@link MethodDescriptor}. What generic code needs to know of a
 * method's settings it asks here, so that it never tests for a particular method.
 */
public interface MethodSettings {
    /** The method's name in configuration and in every record it produces. */
    String methodName();

    /**
     * Why this method cannot train on several data-parallel learners ({@code learner.parallelism}
     * above 1), or null when it can.
     */
    default String whyNotDataParallel() {
        return null;
    }

    /**
     * K, the number of outcomes of a teacher's (or codes') distribution whose entropy the method
     * reports as {@code teacherEntropy}, for the collapse alarm on it (uniform = ln K); 0 when the
     * method reports none.
     */
    default int teacherOutputDim() {
        return 0;
    }

    /** Fails, naming the options to change, when a step of {@code batchSize} cannot train. */
    default void checkBatchSize(int batchSize) {}
}
