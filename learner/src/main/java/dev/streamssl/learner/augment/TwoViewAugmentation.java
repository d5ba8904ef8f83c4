package dev.streamssl.learner.augment;

/** The settings of a two-view policy: the same for both views (SimCLR, MoCo) or not (BYOL). */
public record TwoViewAugmentation(AugmentationSettings first, AugmentationSettings second) {
    public TwoViewAugmentation {
        if (first.outputSize() != second.outputSize()) {
            throw new IllegalArgumentException(
                    "both views need one size, got "
                            + first.outputSize()
                            + " and "
                            + second.outputSize());
        }
    }

    public static TwoViewAugmentation symmetric(AugmentationSettings settings) {
        return new TwoViewAugmentation(settings, settings);
    }

    /** Applies a change to both views. */
    public TwoViewAugmentation map(java.util.function.UnaryOperator<AugmentationSettings> change) {
        return new TwoViewAugmentation(change.apply(first), change.apply(second));
    }
}
