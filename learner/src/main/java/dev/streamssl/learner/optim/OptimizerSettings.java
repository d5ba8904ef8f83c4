package dev.streamssl.learner.optim;

import ai.djl.ndarray.NDManager;
import dev.streamssl.learner.schedule.ConstantSchedule;
import dev.streamssl.learner.schedule.CosineSchedule;
import dev.streamssl.learner.schedule.StepSchedule;

/**
 * Which optimizer, its hyper-parameters and its learning-rate schedule.
 *
 * @param kind sgd, lars or adamw
 * @param baseLearningRate learning rate per 256 images; the rate used is base × batch / 256 (the
 *     linear scaling rule of SimCLR, BYOL, MoCo and DINO)
 * @param weightDecay L2 (SGD, LARS) or decoupled (AdamW) weight decay
 * @param momentum SGD/LARS momentum, or AdamW's β1
 * @param larsTrustCoefficient LARS's η in the trust ratio η‖w‖/‖g‖ (0.001 in SimCLR and BYOL)
 * @param schedule constant (warm-up, then the peak rate for ever: the stream's default) or cosine
 *     (warm-up, then a half-cosine to the final rate at {@code horizonSteps}: runs with a budget)
 * @param warmupSteps linear warm-up steps
 * @param horizonSteps steps over which the cosine decays; the rate holds its final value after
 * @param finalLearningRateFraction final rate of the cosine as a fraction of the peak
 */
public record OptimizerSettings(
        String kind,
        double baseLearningRate,
        double weightDecay,
        double momentum,
        double larsTrustCoefficient,
        String schedule,
        long warmupSteps,
        long horizonSteps,
        double finalLearningRateFraction) {

    public OptimizerSettings {
        if (!kind.equals("sgd") && !kind.equals("lars") && !kind.equals("adamw")) {
            throw new IllegalArgumentException(
                    "optimizer.kind = '" + kind + "' is not known; allowed: sgd, lars, adamw");
        }
        if (!schedule.equals("constant") && !schedule.equals("cosine")) {
            throw new IllegalArgumentException(
                    "optimizer.schedule = '"
                            + schedule
                            + "' is not known; allowed: constant, cosine");
        }
        if (!(baseLearningRate > 0)) {
            throw new IllegalArgumentException(
                    "optimizer.learning-rate = " + baseLearningRate + " must be > 0");
        }
        if (!(larsTrustCoefficient > 0 && larsTrustCoefficient <= 1)) {
            throw new IllegalArgumentException(
                    "optimizer.lars-trust-coefficient = "
                            + larsTrustCoefficient
                            + " must be in (0, 1]");
        }
        if (warmupSteps < 0 || (schedule.equals("cosine") && horizonSteps < warmupSteps)) {
            throw new IllegalArgumentException(
                    "optimizer.warmup-steps ("
                            + warmupSteps
                            + ") must be in [0, horizon-steps ("
                            + horizonSteps
                            + ")]");
        }
        if (finalLearningRateFraction < 0 || finalLearningRateFraction > 1) {
            throw new IllegalArgumentException(
                    "optimizer.final-lr-fraction = "
                            + finalLearningRateFraction
                            + " must be in [0, 1]");
        }
    }

    /** The learning rate as a function of the step, at the linearly scaled peak. */
    public StepSchedule schedule(int batchSize) {
        double peak = baseLearningRate * batchSize / 256.0;
        if (schedule.equals("constant")) {
            return new ConstantSchedule(peak, warmupSteps);
        }
        return new CosineSchedule(
                peak, peak * finalLearningRateFraction, warmupSteps, horizonSteps);
    }

    /**
     * A hyper-parameter that anneals with the learning rate: under the cosine schedule it moves
     * from {@code start} to {@code end} by a half-cosine over the horizon (BYOL's τ = 1 − (1 −
     * τ_base) · (cos(πk/K) + 1)/2, DINO's and MoCo v2+'s momentum from its base to 1); under the
     * constant schedule it stays at {@code start}, because on an unbounded stream a teacher whose
     * momentum reached 1 would never move again.
     */
    public StepSchedule annealed(double start, double end) {
        if (schedule.equals("constant")) {
            return new ConstantSchedule(start, 0);
        }
        return new CosineSchedule(start, end, 0, horizonSteps);
    }

    public Optimizer build(NDManager manager) {
        return switch (kind) {
            case "sgd" -> new Sgd(manager, momentum, weightDecay, false, 0);
            case "lars" -> new Sgd(manager, momentum, weightDecay, true, larsTrustCoefficient);
            default -> new AdamW(manager, momentum, 0.999, 1e-8, weightDecay);
        };
    }
}
