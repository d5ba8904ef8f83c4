package dev.streamssl.learner.model;

import ai.djl.nn.Block;

/**
 * The encoder (backbone f) a method trains, by the name used in configuration: {@code small-cnn}
 * ({@link SmallCnn}, the CPU default for 28–32-pixel images), {@code resnet18} ({@link ResNet18}
 * with the ImageNet stem), {@code resnet18-cifar} (with the CIFAR stem), or {@code vit} (a {@link
 * VisionTransformer} of the given {@link VitShape}).
 *
 * @param configName the name in configuration
 * @param vit the transformer's size; null for the CNNs
 */
public record Architecture(String configName, VitShape vit) {
    public static final Architecture SMALL_CNN = new Architecture("small-cnn", null);
    public static final Architecture RESNET18 = new Architecture("resnet18", null);
    public static final Architecture RESNET18_CIFAR = new Architecture("resnet18-cifar", null);
    public static final String NAMES = "small-cnn, resnet18, resnet18-cifar, vit";

    public Architecture {
        if (configName.equals("vit") != (vit != null)) {
            throw new IllegalArgumentException(
                    "architecture " + configName + " and ViT shape " + vit + " do not match");
        }
    }

    public static Architecture vit(VitShape shape) {
        return new Architecture("vit", shape);
    }

    /** Dimension of the representation h, i.e. of every embedding. */
    public int featureDim() {
        return switch (configName) {
            case "small-cnn" -> SmallCnn.FEATURE_DIM;
            case "vit" -> vit.dim();
            default -> ResNet18.FEATURE_DIM;
        };
    }

    /** Whether the encoder has BatchNorm layers (the ViT has LayerNorm only). */
    public boolean hasBatchNorm() {
        return vit == null;
    }

    public Block build() {
        return switch (configName) {
            case "small-cnn" -> SmallCnn.build();
            case "resnet18" -> ResNet18.build(false);
            case "resnet18-cifar" -> ResNet18.build(true);
            default -> VisionTransformer.build(vit);
        };
    }

    /**
     * @param name a configured name
     * @param vitShape the shape used when the name is {@code vit}
     */
    public static Architecture fromConfigName(String name, VitShape vitShape) {
        return switch (name) {
            case "small-cnn" -> SMALL_CNN;
            case "resnet18" -> RESNET18;
            case "resnet18-cifar" -> RESNET18_CIFAR;
            case "vit" -> vit(vitShape);
            default ->
                    throw new IllegalArgumentException(
                            "unknown architecture '" + name + "'; expected one of " + NAMES);
        };
    }
}
