package dev.streamssl.learner.method;

import dev.streamssl.learner.export.WarmStart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of methods: one {@link MethodDescriptor} per method, in the order the docs list
 * them. Adding a method is its class (with its settings and descriptor) and one line here.
 */
public final class Methods {
    /** Every method {@code learner.method} accepts. */
    public static final List<MethodDescriptor> ALL =
            List.of(
                    SimClr.DESCRIPTOR,
                    Moco.DESCRIPTOR,
                    Byol.DESCRIPTOR,
                    Dino.DESCRIPTOR,
                    DeepCluster.DESCRIPTOR,
                    DeeperCluster.DESCRIPTOR,
                    SelfLabel.DESCRIPTOR,
                    Swav.DESCRIPTOR,
                    BarlowTwins.DESCRIPTOR,
                    VicReg.DESCRIPTOR,
                    SimSiam.DESCRIPTOR,
                    Nnclr.DESCRIPTOR);

    private static final Map<String, MethodDescriptor> BY_NAME = byName();

    private Methods() {}

    private static Map<String, MethodDescriptor> byName() {
        Map<String, MethodDescriptor> map = new LinkedHashMap<>();
        for (MethodDescriptor d : ALL) {
            if (map.put(d.name(), d) != null) {
                throw new IllegalStateException("method " + d.name() + " is registered twice");
            }
        }
        return map;
    }

    /** The names {@code learner.method} accepts, in registry order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The method of this name; an unknown name fails naming the known ones. */
    public static MethodDescriptor named(String name) {
        MethodDescriptor d = BY_NAME.get(name);
        if (d == null) {
            throw new IllegalArgumentException(
                    "method '"
                            + name
                            + "' is not known; known methods: "
                            + String.join(", ", names()));
        }
        return d;
    }

    /**
     * The method, its encoder loaded from {@code settings.initFrom()} when given (so that version
     * 0, which the embedders also build from these settings, is the pretrained model).
     */
    public static SslMethod create(LearnerSettings settings) {
        SslMethod method = named(settings.method().methodName()).factory().apply(settings);
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
}
