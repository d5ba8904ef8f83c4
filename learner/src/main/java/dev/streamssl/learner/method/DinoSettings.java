package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.MultiCropAugmentation;

/**
 * DINO's own settings.
 *
 * @param headHiddenDim hidden width of the head's MLP (2048 in the paper)
 * @param bottleneckDim width before the weight-normalised last layer (256 in the paper)
 * @param outputDim K, the number of prototypes the distributions range over (65 536 on ImageNet, 4
 *     096 in solo-learn's CIFAR setting)
 * @param studentTemperature τ_s (0.1)
 * @param teacherTemperatureStart τ_t at step 0 (0.04)
 * @param teacherTemperature τ_t after the warm-up (0.04 by default in the official code, 0.07
 *     recommended for longer runs)
 * @param teacherTemperatureWarmupSteps steps of the linear τ_t warm-up (30 epochs in the paper)
 * @param centerMomentum m of the center's EMA (0.9)
 * @param momentum the teacher's EMA momentum at the start (0.996); with the cosine schedule it
 *     rises to 1 over the horizon, with the stream's constant schedule it stays
 * @param freezeLastLayerSteps steps during which the last layer is not updated (one epoch in the
 *     paper)
 * @param gradientClip per-parameter gradient-norm clip (3.0), 0 for none
 * @param views the multi-crop views: two global and {@code localCount} local ones
 */
public record DinoSettings(
        int headHiddenDim,
        int bottleneckDim,
        int outputDim,
        double studentTemperature,
        double teacherTemperatureStart,
        double teacherTemperature,
        long teacherTemperatureWarmupSteps,
        double centerMomentum,
        double momentum,
        long freezeLastLayerSteps,
        double gradientClip,
        MultiCropAugmentation views)
        implements MethodSettings {

    public DinoSettings {
        if (headHiddenDim < 1 || bottleneckDim < 1 || outputDim < 2) {
            throw new IllegalArgumentException(
                    "dino head dimensions must be >= 1 (output >= 2), got "
                            + headHiddenDim
                            + ", "
                            + bottleneckDim
                            + ", "
                            + outputDim);
        }
        positive("dino.student-temperature", studentTemperature);
        positive("dino.teacher-temperature-start", teacherTemperatureStart);
        positive("dino.teacher-temperature", teacherTemperature);
        if (teacherTemperatureWarmupSteps < 0 || freezeLastLayerSteps < 0) {
            throw new IllegalArgumentException(
                    "dino warm-up and freeze steps must be >= 0, got "
                            + teacherTemperatureWarmupSteps
                            + " and "
                            + freezeLastLayerSteps);
        }
        if (!(centerMomentum >= 0 && centerMomentum < 1)) {
            throw new IllegalArgumentException(
                    "dino.center-momentum = "
                            + centerMomentum
                            + " is out of range; allowed: [0, 1)");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(
                    "dino.momentum = " + momentum + " is out of range; allowed: [0, 1)");
        }
        if (gradientClip < 0) {
            throw new IllegalArgumentException(
                    "dino.gradient-clip = " + gradientClip + " must be >= 0 (0 = off)");
        }
    }

    private static void positive(String option, double value) {
        if (!(value > 0 && value <= 10)) {
            throw new IllegalArgumentException(
                    option + " = " + value + " is out of range; allowed: (0, 10]");
        }
    }

    @Override
    public String methodName() {
        return "dino";
    }

    public static final MethodOption<Integer> HEAD_HIDDEN_DIM =
            MethodOption.integer(
                    "dino.head-hidden-dim",
                    512,
                    "Hidden width of the head's MLP (2048 in the paper).");
    public static final MethodOption<Integer> BOTTLENECK_DIM =
            MethodOption.integer(
                    "dino.bottleneck-dim",
                    128,
                    "Bottleneck before the last layer (256 in the paper).");
    public static final MethodOption<Integer> OUTPUT_DIM =
            MethodOption.integer(
                    "dino.output-dim",
                    1024,
                    "K, prototypes of the last layer (65536 on ImageNet, 4096 in solo-learn's CIFAR"
                            + " setting).");
    public static final MethodOption<Double> STUDENT_TEMPERATURE =
            MethodOption.real("dino.student-temperature", 0.1, "Student temperature τ_s.");
    public static final MethodOption<Double> TEACHER_TEMPERATURE_START =
            MethodOption.real(
                    "dino.teacher-temperature-start", 0.04, "Teacher temperature τ_t at step 0.");
    public static final MethodOption<Double> TEACHER_TEMPERATURE =
            MethodOption.real(
                    "dino.teacher-temperature",
                    0.04,
                    "Teacher temperature τ_t after the warm-up (the official code's default 0.04;"
                            + " the paper's 0.07 for long runs).");
    public static final MethodOption<Long> TEACHER_TEMPERATURE_WARMUP_STEPS =
            MethodOption.longInteger(
                    "dino.teacher-temperature-warmup-steps",
                    200,
                    "Steps of the linear τ_t warm-up (30 epochs in the paper).");
    public static final MethodOption<Double> CENTER_MOMENTUM =
            MethodOption.real("dino.center-momentum", 0.9, "EMA momentum of the teacher center.");
    public static final MethodOption<Double> MOMENTUM =
            MethodOption.real(
                    "dino.momentum",
                    0.996,
                    "Teacher EMA momentum (rises to 1 under the cosine schedule).");
    public static final MethodOption<Long> FREEZE_LAST_LAYER_STEPS =
            MethodOption.longInteger(
                    "dino.freeze-last-layer-steps",
                    50,
                    "Steps during which the head's last layer is not updated.");
    public static final MethodOption<Double> GRADIENT_CLIP =
            MethodOption.real(
                    "dino.gradient-clip", 3.0, "Per-parameter gradient-norm clip (0 = off).");
    public static final MethodOption<Integer> LOCAL_CROPS =
            MethodOption.integer(
                    "dino.local-crops",
                    6,
                    "Local views per image besides the two global ones (8 in the paper).");
    public static final MethodOption<Integer> LOCAL_SIZE =
            MethodOption.integer(
                    "dino.local-size",
                    12,
                    "Side of the local views (96 for 224-pixel globals; a multiple of"
                            + " vit.patch-size for a ViT).");
    public static final MethodOption<Double> LOCAL_CROP_SCALE_MAX =
            MethodOption.real(
                    "dino.local-crop-scale-max",
                    0.4,
                    "Largest area of a local crop and smallest of a global one (0.4).");
    public static final java.util.List<MethodOption<?>> OPTIONS =
            java.util.List.of(
                    HEAD_HIDDEN_DIM,
                    BOTTLENECK_DIM,
                    OUTPUT_DIM,
                    STUDENT_TEMPERATURE,
                    TEACHER_TEMPERATURE_START,
                    TEACHER_TEMPERATURE,
                    TEACHER_TEMPERATURE_WARMUP_STEPS,
                    CENTER_MOMENTUM,
                    MOMENTUM,
                    FREEZE_LAST_LAYER_STEPS,
                    GRADIENT_CLIP,
                    LOCAL_CROPS,
                    LOCAL_SIZE,
                    LOCAL_CROP_SCALE_MAX);

    /** The settings from the job's configuration, with DINO's multi-crop views. */
    public static DinoSettings from(MethodConfig c) {
        MultiCropAugmentation views =
                c.multiCrop(
                        "dino", c.get(LOCAL_SIZE), c.get(LOCAL_CROPS), c.get(LOCAL_CROP_SCALE_MAX));
        c.requirePatchMultiple(views, "dino.local-size");
        return new DinoSettings(
                c.get(HEAD_HIDDEN_DIM),
                c.get(BOTTLENECK_DIM),
                c.get(OUTPUT_DIM),
                c.get(STUDENT_TEMPERATURE),
                c.get(TEACHER_TEMPERATURE_START),
                c.get(TEACHER_TEMPERATURE),
                c.get(TEACHER_TEMPERATURE_WARMUP_STEPS),
                c.get(CENTER_MOMENTUM),
                c.get(MOMENTUM),
                c.get(FREEZE_LAST_LAYER_STEPS),
                c.get(GRADIENT_CLIP),
                views);
    }

    /** The teacher's distributions range over K = {@code outputDim} prototypes. */
    @Override
    public int teacherOutputDim() {
        return outputDim;
    }
}
