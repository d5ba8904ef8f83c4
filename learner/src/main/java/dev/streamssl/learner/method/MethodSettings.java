package dev.streamssl.learner.method;

/** Settings of one self-supervised method; each method has its own record. */
public sealed interface MethodSettings
        permits SimClrSettings,
                MocoSettings,
                ByolSettings,
                DinoSettings,
                DeepClusterSettings,
                DeeperClusterSettings,
                SelfLabelSettings {
    /** The method's name in configuration and in every record it produces. */
    String methodName();

    /**
     * Why this method cannot train on several data-parallel learners ({@code learner.parallelism}
     * above 1), or null when it can.
     */
    default String whyNotDataParallel() {
        return null;
    }
}
