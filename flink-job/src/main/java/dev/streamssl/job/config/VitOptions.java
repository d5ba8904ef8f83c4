package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The Vision Transformer's size, used when {@code learner.architecture} is {@code vit}. */
public final class VitOptions {
    private VitOptions() {}

    public static final ConfigOption<Integer> PATCH_SIZE =
            ConfigOptions.key("vit.patch-size")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "Side of the patches; input.image-size must be a multiple (16 on"
                                    + " ImageNet, 4 for 28-32 pixel images).");

    public static final ConfigOption<Integer> DIM =
            ConfigOptions.key("vit.dim")
                    .intType()
                    .defaultValue(192)
                    .withDescription(
                            "Token width (ViT-Tiny 192, ViT-Small 384); embedding dimension.");

    public static final ConfigOption<Integer> DEPTH =
            ConfigOptions.key("vit.depth")
                    .intType()
                    .defaultValue(12)
                    .withDescription("Transformer blocks (12 for ViT-Tiny and ViT-Small).");

    public static final ConfigOption<Integer> HEADS =
            ConfigOptions.key("vit.heads")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Attention heads (ViT-Tiny 3, ViT-Small 6).");
}
