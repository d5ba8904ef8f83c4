package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.TwoViewAugmentation;

/**
 * BYOL's own settings.
 *
 * @param momentum τ_base of the target network's EMA (0.996 in the paper; 0.99 for short runs);
 *     with the cosine schedule τ rises to 1 over the horizon as in the paper, with the stream's
 *     constant schedule it stays at τ_base
 * @param projectionHiddenDim hidden width of the projector and predictor MLPs (4096 in the paper)
 * @param projectionDim output dimension of projector and predictor (256 in the paper)
 * @param views the asymmetric view pair (view 1 always blurred, view 2 rarely blurred, sometimes
 *     solarized)
 */
public record ByolSettings(
        double momentum, int projectionHiddenDim, int projectionDim, TwoViewAugmentation views)
        implements MethodSettings {

    public ByolSettings {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(
                    "byol.momentum = " + momentum + " is out of range; allowed: [0, 1)");
        }
        if (projectionHiddenDim < 1 || projectionDim < 1) {
            throw new IllegalArgumentException(
                    "byol projection dimensions must be >= 1, got "
                            + projectionHiddenDim
                            + " and "
                            + projectionDim);
        }
    }

    @Override
    public String methodName() {
        return "byol";
    }
}
