package dev.streamssl.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** DINO's own settings (see {@code DinoSettings}), including its multi-crop views. */
public final class DinoOptions {
    private DinoOptions() {}

    public static final ConfigOption<Integer> HEAD_HIDDEN_DIM =
            ConfigOptions.key("dino.head-hidden-dim")
                    .intType()
                    .defaultValue(512)
                    .withDescription("Hidden width of the head's MLP (2048 in the paper).");

    public static final ConfigOption<Integer> BOTTLENECK_DIM =
            ConfigOptions.key("dino.bottleneck-dim")
                    .intType()
                    .defaultValue(128)
                    .withDescription("Bottleneck before the last layer (256 in the paper).");

    public static final ConfigOption<Integer> OUTPUT_DIM =
            ConfigOptions.key("dino.output-dim")
                    .intType()
                    .defaultValue(1024)
                    .withDescription(
                            "K, prototypes of the last layer (65536 on ImageNet, 4096 in"
                                    + " solo-learn's CIFAR setting).");

    public static final ConfigOption<Double> STUDENT_TEMPERATURE =
            ConfigOptions.key("dino.student-temperature")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription("Student temperature τ_s.");

    public static final ConfigOption<Double> TEACHER_TEMPERATURE_START =
            ConfigOptions.key("dino.teacher-temperature-start")
                    .doubleType()
                    .defaultValue(0.04)
                    .withDescription("Teacher temperature τ_t at step 0.");

    public static final ConfigOption<Double> TEACHER_TEMPERATURE =
            ConfigOptions.key("dino.teacher-temperature")
                    .doubleType()
                    .defaultValue(0.04)
                    .withDescription(
                            "Teacher temperature τ_t after the warm-up (the official code's default"
                                    + " 0.04; the paper's 0.07 for long runs).");

    public static final ConfigOption<Long> TEACHER_TEMPERATURE_WARMUP_STEPS =
            ConfigOptions.key("dino.teacher-temperature-warmup-steps")
                    .longType()
                    .defaultValue(200L)
                    .withDescription("Steps of the linear τ_t warm-up (30 epochs in the paper).");

    public static final ConfigOption<Double> CENTER_MOMENTUM =
            ConfigOptions.key("dino.center-momentum")
                    .doubleType()
                    .defaultValue(0.9)
                    .withDescription("EMA momentum of the teacher center.");

    public static final ConfigOption<Double> MOMENTUM =
            ConfigOptions.key("dino.momentum")
                    .doubleType()
                    .defaultValue(0.996)
                    .withDescription(
                            "Teacher EMA momentum (rises to 1 under the cosine schedule).");

    public static final ConfigOption<Long> FREEZE_LAST_LAYER_STEPS =
            ConfigOptions.key("dino.freeze-last-layer-steps")
                    .longType()
                    .defaultValue(50L)
                    .withDescription("Steps during which the head's last layer is not updated.");

    public static final ConfigOption<Double> GRADIENT_CLIP =
            ConfigOptions.key("dino.gradient-clip")
                    .doubleType()
                    .defaultValue(3.0)
                    .withDescription("Per-parameter gradient-norm clip (0 = off).");

    public static final ConfigOption<Integer> LOCAL_CROPS =
            ConfigOptions.key("dino.local-crops")
                    .intType()
                    .defaultValue(6)
                    .withDescription(
                            "Local views per image besides the two global ones (8 in the paper).");

    public static final ConfigOption<Integer> LOCAL_SIZE =
            ConfigOptions.key("dino.local-size")
                    .intType()
                    .defaultValue(12)
                    .withDescription(
                            "Side of the local views (96 for 224-pixel globals; a multiple of"
                                    + " vit.patch-size for a ViT).");

    public static final ConfigOption<Double> LOCAL_CROP_SCALE_MAX =
            ConfigOptions.key("dino.local-crop-scale-max")
                    .doubleType()
                    .defaultValue(0.4)
                    .withDescription(
                            "Largest area of a local crop and smallest of a global one (0.4).");
}
