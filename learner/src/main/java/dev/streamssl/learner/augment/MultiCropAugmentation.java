package dev.streamssl.learner.augment;

/**
 * DINO's multi-crop settings: two global views with their own blur/solarize, and {@code localCount}
 * smaller local views.
 */
public record MultiCropAugmentation(
        AugmentationSettings global1,
        AugmentationSettings global2,
        AugmentationSettings local,
        int localCount) {
    public MultiCropAugmentation {
        if (global1.outputSize() != global2.outputSize()) {
            throw new IllegalArgumentException("the two global views need one size");
        }
        if (localCount < 0) {
            throw new IllegalArgumentException("local view count must be >= 0, got " + localCount);
        }
    }
}
