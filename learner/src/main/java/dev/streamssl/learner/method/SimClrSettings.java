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
}
