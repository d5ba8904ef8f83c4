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

    public static final MethodOption<Double> MOMENTUM =
            MethodOption.real(
                    "byol.momentum",
                    0.99,
                    "τ_base of the target EMA (0.996 in the paper for long runs, 0.99 for short"
                            + " ones).");
    public static final MethodOption<Integer> PROJECTION_HIDDEN_DIM =
            MethodOption.integer(
                    "byol.projection-hidden-dim",
                    512,
                    "Hidden width of projector and predictor (4096 in the paper).");
    public static final MethodOption<Integer> PROJECTION_DIM =
            MethodOption.integer(
                    "byol.projection-dim",
                    128,
                    "Output dimension of projector and predictor (256 in the paper).");
    public static final java.util.List<MethodOption<?>> OPTIONS =
            java.util.List.of(MOMENTUM, PROJECTION_HIDDEN_DIM, PROJECTION_DIM);

    /** The settings from the job's configuration; BYOL's asymmetric views by default. */
    public static ByolSettings from(MethodConfig c) {
        return new ByolSettings(
                c.get(MOMENTUM),
                c.get(PROJECTION_HIDDEN_DIM),
                c.get(PROJECTION_DIM),
                c.twoViews("byol"));
    }
}
