package dev.streamssl.learner.model;

import ai.djl.nn.Block;

/** The encoders (backbones f) a method can train, by the name used in configuration. */
public enum Architecture {
    /** {@link SmallCnn}: the CPU default for 28×28–32×32 images. */
    SMALL_CNN("small-cnn", SmallCnn.FEATURE_DIM),
    /** {@link ResNet18} with the ImageNet stem. */
    RESNET18("resnet18", ResNet18.FEATURE_DIM),
    /** {@link ResNet18} with the CIFAR stem (3×3 stride-1 conv, no max-pool). */
    RESNET18_CIFAR("resnet18-cifar", ResNet18.FEATURE_DIM);

    private final String configName;
    private final int featureDim;

    Architecture(String configName, int featureDim) {
        this.configName = configName;
        this.featureDim = featureDim;
    }

    public String configName() {
        return configName;
    }

    /** Dimension of the representation h, i.e. of every embedding. */
    public int featureDim() {
        return featureDim;
    }

    public Block build() {
        return switch (this) {
            case SMALL_CNN -> SmallCnn.build();
            case RESNET18 -> ResNet18.build(false);
            case RESNET18_CIFAR -> ResNet18.build(true);
        };
    }

    public static Architecture fromConfigName(String name) {
        for (Architecture a : values()) {
            if (a.configName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown architecture '"
                        + name
                        + "'; expected one of small-cnn, resnet18, resnet18-cifar");
    }
}
