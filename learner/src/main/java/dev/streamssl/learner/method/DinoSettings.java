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
}
