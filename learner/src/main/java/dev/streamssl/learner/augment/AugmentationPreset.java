package dev.streamssl.learner.augment;

/**
 * One augmentation preset as the registry ({@link Presets#ALL}) lists it: its name in {@code
 * augment.preset}, what it is (the paper and its values, for the docs and help texts) and how its
 * views are built ({@link AugmentationPresets} holds the values). Three kinds, as the methods take
 * views: {@link TwoViews} (the contrastive, distillation and redundancy-reduction methods), {@link
 * OneView} (the clustering methods) and {@link MultiCrop} (DINO, SwAV).
 */
public sealed interface AugmentationPreset
        permits AugmentationPreset.TwoViews,
                AugmentationPreset.OneView,
                AugmentationPreset.MultiCrop {

    /** The name in {@code augment.preset}. */
    String name();

    /** What it is: the paper and the values that set it apart. */
    String description();

    /** Its kind in words, as the docs' table of presets names it. */
    String kind();

    /** Builds views of side {@code size}, normalised with {@code mean} and {@code std}. */
    @FunctionalInterface
    interface ViewFactory<T> {
        T create(int size, float[] mean, float[] std);
    }

    /**
     * Builds multi-crop views: two global views of side {@code globalSize} cropped from {@code
     * localScaleMax} to all of the image, {@code localCount} local views of side {@code localSize}
     * cropped from at most {@code localScaleMax}.
     */
    @FunctionalInterface
    interface MultiCropFactory {
        MultiCropAugmentation create(
                int globalSize,
                int localSize,
                int localCount,
                double localScaleMax,
                float[] mean,
                float[] std);
    }

    /** Two views of every image, alike or not (BYOL's asymmetric pair). */
    record TwoViews(String name, String description, ViewFactory<TwoViewAugmentation> factory)
            implements AugmentationPreset {
        @Override
        public String kind() {
            return "two views";
        }
    }

    /** One view of every image: a clustering method's training view. */
    record OneView(String name, String description, ViewFactory<AugmentationSettings> factory)
            implements AugmentationPreset {
        @Override
        public String kind() {
            return "one view";
        }
    }

    /**
     * Two global and several local views of every image.
     *
     * @param localScaleMax the paper's area that separates local from global crops, for tools that
     *     build the views without a method's options
     */
    record MultiCrop(
            String name, String description, double localScaleMax, MultiCropFactory factory)
            implements AugmentationPreset {
        @Override
        public String kind() {
            return "multi-crop";
        }
    }
}
