package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.TwoViewAugmentation;

/**
 * SimCLR's own settings.
 *
 * @param temperature τ of NT-Xent; the paper uses 0.5 for CIFAR-10 at batch 512 and 0.1 for large
 *     ImageNet batches; 0.2 is the default here for small images and small batches
 * @param projectionHiddenDim width of the projection head's hidden layer
 * @param projectionDim output dimension of the projection head (128 in the paper)
 * @param views the two views' pipelines (the same for SimCLR's own preset)
 */
public record SimClrSettings(
        double temperature, int projectionHiddenDim, int projectionDim, TwoViewAugmentation views)
        implements MethodSettings {

    public SimClrSettings {
        if (!(temperature > 0 && temperature <= 10)) {
            throw new IllegalArgumentException(
                    "simclr.temperature = " + temperature + " is out of range; allowed: (0, 10]");
        }
        if (projectionHiddenDim < 1 || projectionDim < 1) {
            throw new IllegalArgumentException(
                    "simclr projection dimensions must be >= 1, got "
                            + projectionHiddenDim
                            + " and "
                            + projectionDim);
        }
    }

    @Override
    public String methodName() {
        return "simclr";
    }

    public static final MethodOption<Double> TEMPERATURE =
            MethodOption.real("simclr.temperature", 0.2, "NT-Xent temperature τ, in (0, 10].");
    public static final MethodOption<Integer> PROJECTION_HIDDEN_DIM =
            MethodOption.integer(
                    "simclr.projection-hidden-dim", 512, "Hidden width of the projection head g.");
    public static final MethodOption<Integer> PROJECTION_DIM =
            MethodOption.integer(
                    "simclr.projection-dim", 128, "Output dimension of the projection head g.");
    public static final java.util.List<MethodOption<?>> OPTIONS =
            java.util.List.of(TEMPERATURE, PROJECTION_HIDDEN_DIM, PROJECTION_DIM);

    /** The settings from the job's configuration; SimCLR's own views by default. */
    public static SimClrSettings from(MethodConfig c) {
        return new SimClrSettings(
                c.get(TEMPERATURE),
                c.get(PROJECTION_HIDDEN_DIM),
                c.get(PROJECTION_DIM),
                c.twoViews("simclr"));
    }
}
