package dev.streamssl.learner.method;

import dev.streamssl.learner.export.WarmStart;

/** Creates the method that a {@link LearnerSettings} names. */
public final class Methods {
    private Methods() {}

    /**
     * The method, its encoder loaded from {@code settings.initFrom()} when given (so that version
     * 0, which the embedders also build from these settings, is the pretrained model).
     */
    public static SslMethod create(LearnerSettings settings) {
        SslMethod method = untrained(settings);
        if (settings.initFrom() != null && !settings.initFrom().isBlank()) {
            try {
                method.startEncoderFrom(
                        WarmStart.encoderWeights(
                                java.nio.file.Path.of(settings.initFrom()),
                                settings.architecture(),
                                settings.channels(),
                                settings.imageSize()));
            } catch (RuntimeException | java.io.IOException e) {
                method.close();
                throw new IllegalArgumentException(
                        "learner.init-from " + settings.initFrom() + ": " + e.getMessage(), e);
            }
        }
        return method;
    }

    private static SslMethod untrained(LearnerSettings settings) {
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
