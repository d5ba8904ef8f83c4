package dev.streamssl.learner.method;

/** Creates the method that a {@link LearnerSettings} names. */
public final class Methods {
    private Methods() {}

    public static SslMethod create(LearnerSettings settings) {
        MethodSettings method = settings.method();
        if (method instanceof SimClrSettings) {
            return new SimClr(settings);
        } else if (method instanceof MocoSettings) {
            return new Moco(settings);
        } else if (method instanceof ByolSettings) {
            return new Byol(settings);
        } else if (method instanceof DinoSettings) {
            return new Dino(settings);
        } else if (method instanceof DeepClusterSettings) {
            return new DeepCluster(settings);
        } else if (method instanceof DeeperClusterSettings) {
            return new DeeperCluster(settings);
        } else if (method instanceof SelfLabelSettings) {
            return new SelfLabel(settings);
        }
        throw new IllegalArgumentException("no implementation for method " + method.methodName());
    }
}
