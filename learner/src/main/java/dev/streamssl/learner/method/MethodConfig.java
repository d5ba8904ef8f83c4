package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.MultiCropAugmentation;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.model.Architecture;

/**
 * What a method's settings are built from: its own options' values and the views of its
 * augmentation preset with the user's {@code augment.*} overrides applied. The job implements it
 * over its Flink configuration; tests implement it over a map.
 */
public interface MethodConfig {

    /** The option's value, its default when not set (null when it has none). */
    <T> T get(MethodOption<T> option);

    /** The encoder the views are for. */
    Architecture architecture();

    /** Side of the model's input. */
    int imageSize();

    /** Two views: the user's {@code augment.preset}, else {@code defaultPreset}. */
    TwoViewAugmentation twoViews(String defaultPreset);

    /** One training view (clustering methods): the preset's, or a two-view preset's first. */
    AugmentationSettings singleView(String defaultPreset);

    /**
     * Multi-crop views of a multi-crop preset ({@code dino}, {@code swav}): two global views and
     * {@code localCrops} local views of side {@code localSize}, cropped from at most {@code
     * localScaleMax} of the image.
     */
    MultiCropAugmentation multiCrop(
            String preset, int localSize, int localCrops, double localScaleMax);

    /** Fails when a ViT encoder cannot cut views of this side into whole patches. */
    default void requirePatchMultiple(MultiCropAugmentation views, String option) {
        Architecture a = architecture();
        if (a.vit() != null
                && views.localCount() > 0
                && views.local().outputSize() % a.vit().patchSize() != 0) {
            throw new IllegalArgumentException(
                    "option '"
                            + option
                            + "' = "
                            + views.local().outputSize()
                            + " is not a multiple of 'vit.patch-size' = "
                            + a.vit().patchSize());
        }
    }
}
