package dev.streamssl.learner.augment;

/**
 * The view pipelines of the papers, with their values.
 *
 * <ul>
 *   <li>SimCLR (Chen et al. 2020, appendix A): crop scale 0.08–1, flip 0.5, colour jitter with
 *       strength s (brightness = contrast = saturation = 0.8 s, hue = 0.2 s) at p = 0.8, grayscale
 *       0.2, blur p = 0.5. For CIFAR-sized input (side < 96) the paper uses s = 0.5 and no blur
 *       (appendix B.9); for larger input s = 1.
 *   <li>DeepCluster and DeeperCluster (Caron et al. 2018, 2019; the official training transform):
 *       random resized crop (0.08–1) and flip only.
 *   <li>MoCo v1 (He et al. 2020, §4; the official {@code main_moco.py} without {@code --aug-plus}):
 *       crop scale 0.2–1, grayscale 0.2, jitter (0.4, 0.4, 0.4, 0.4) always, flip 0.5. Self-Label's
 *       ImageNet augmentation is the same but for the crop scale (0.08–1).
 *   <li>MoCo v2 "aug+" (Chen et al. 2020): crop scale 0.2–1, jitter (0.4, 0.4, 0.4, 0.1) at p =
 *       0.8, grayscale 0.2, blur p = 0.5, flip 0.5.
 *   <li>BYOL (Grill et al. 2020, table 6): crop 0.08–1, flip 0.5, jitter (0.4, 0.4, 0.2, 0.1) at p
 *       = 0.8, grayscale 0.2; view 1 blur p = 1.0, no solarization; view 2 blur p = 0.1,
 *       solarization p = 0.2.
 *   <li>DINO (Caron et al. 2021, official {@code DataAugmentationDINO}): as BYOL's colour pipeline;
 *       global views crop 0.4–1, global 1 blur 1.0, global 2 blur 0.1 and solarize 0.2; local views
 *       crop 0.05–0.4 at a smaller size (96/224 of the global), blur 0.5.
 * </ul>
 *
 * SwAV's multi-crop: see {@link #swav}. {@link Presets} lists them by name.
 *
 * <p>Blur σ is drawn in [0.1, 2.0] at 224 pixels and scaled with the view size ({@link
 * GaussianBlur}).
 */
public final class AugmentationPresets {
    /** Side below which SimCLR's CIFAR variant applies. */
    public static final int SMALL_IMAGE_SIDE = 96;

    /** DINO's area that separates local crops from global ones. */
    public static final double DINO_LOCAL_SCALE_MAX = 0.4;

    /** SwAV's area that separates local crops from global ones. */
    public static final double SWAV_LOCAL_SCALE_MAX = 0.14;

    private AugmentationPresets() {}

    public static TwoViewAugmentation simclr(int size, float[] mean, float[] std) {
        boolean small = size < SMALL_IMAGE_SIDE;
        double s = small ? 0.5 : 1.0;
        AugmentationSettings view =
                AugmentationSettings.builder(size, mean, std)
                        .cropScale(0.08, 1.0)
                        .cropRatio(3.0 / 4, 4.0 / 3)
                        .flipProbability(0.5)
                        .jitter(0.8, 0.8 * s, 0.8 * s, 0.8 * s, 0.2 * s)
                        .grayscaleProbability(0.2)
                        .blur(small ? 0.0 : 0.5, 0.1, 2.0)
                        .build();
        return TwoViewAugmentation.symmetric(view);
    }

    public static TwoViewAugmentation moco(int size, float[] mean, float[] std) {
        AugmentationSettings view =
                AugmentationSettings.builder(size, mean, std)
                        .cropScale(0.2, 1.0)
                        .cropRatio(3.0 / 4, 4.0 / 3)
                        .flipProbability(0.5)
                        .jitter(0.8, 0.4, 0.4, 0.4, 0.1)
                        .grayscaleProbability(0.2)
                        .blur(0.5, 0.1, 2.0)
                        .build();
        return TwoViewAugmentation.symmetric(view);
    }

    public static AugmentationSettings deepCluster(int size, float[] mean, float[] std) {
        return AugmentationSettings.builder(size, mean, std)
                .cropScale(0.08, 1.0)
                .cropRatio(3.0 / 4, 4.0 / 3)
                .flipProbability(0.5)
                .build();
    }

    public static AugmentationSettings selfLabel(int size, float[] mean, float[] std) {
        return mocoV1(size, mean, std).first().toBuilder().cropScale(0.08, 1.0).build();
    }

    public static TwoViewAugmentation mocoV1(int size, float[] mean, float[] std) {
        AugmentationSettings view =
                AugmentationSettings.builder(size, mean, std)
                        .cropScale(0.2, 1.0)
                        .cropRatio(3.0 / 4, 4.0 / 3)
                        .grayscaleProbability(0.2)
                        .jitter(1.0, 0.4, 0.4, 0.4, 0.4)
                        .flipProbability(0.5)
                        .build();
        return TwoViewAugmentation.symmetric(view);
    }

    public static TwoViewAugmentation byol(int size, float[] mean, float[] std) {
        AugmentationSettings base = byolColour(size, mean, std).cropScale(0.08, 1.0).build();
        return new TwoViewAugmentation(
                base.toBuilder().blurProbability(1.0).solarizeProbability(0.0).build(),
                base.toBuilder().blurProbability(0.1).solarizeProbability(0.2).build());
    }

    /**
     * @param globalSize side of the global views (224 on ImageNet, e.g. 28 or 32 for small images)
     * @param localSize side of the local views (96 on ImageNet, e.g. 12 or 16 for small images)
     * @param localCount number of local views (the official default is 8)
     */
    public static MultiCropAugmentation dino(
            int globalSize, int localSize, int localCount, float[] mean, float[] std) {
        return dino(globalSize, localSize, localCount, DINO_LOCAL_SCALE_MAX, mean, std);
    }

    /**
     * As {@link #dino(int, int, int, float[], float[])}, with the area that separates local crops
     * (0.05 to it) from global ones (it to 1) given: 0.4 in the paper.
     */
    public static MultiCropAugmentation dino(
            int globalSize,
            int localSize,
            int localCount,
            double localScaleMax,
            float[] mean,
            float[] std) {
        AugmentationSettings global = globalCrop(byolColour(globalSize, mean, std), localScaleMax);
        AugmentationSettings local =
                localCrop(byolColour(localSize, mean, std), localScaleMax)
                        .blurProbability(0.5)
                        .build();
        return new MultiCropAugmentation(
                global.toBuilder().blurProbability(1.0).build(),
                global.toBuilder().blurProbability(0.1).solarizeProbability(0.2).build(),
                local,
                localCount);
    }

    /**
     * SwAV's multi-crop (Caron et al. 2020, §4 and the official {@code main_swav.py}): two global
     * views cropped from {@code localScaleMax} (0.14) to 1 of the image and {@code localCount}
     * local views from 0.05 to it, all with SimCLR's colour distortion at strength 1 (jitter 0.8,
     * 0.8, 0.8, 0.2 at p 0.8, grayscale 0.2), blur p 0.5 and flip; no solarization.
     */
    public static MultiCropAugmentation swav(
            int globalSize,
            int localSize,
            int localCount,
            double localScaleMax,
            float[] mean,
            float[] std) {
        AugmentationSettings global = globalCrop(swavColour(globalSize, mean, std), localScaleMax);
        AugmentationSettings local =
                localCrop(swavColour(localSize, mean, std), localScaleMax).build();
        return new MultiCropAugmentation(global, global, local, localCount);
    }

    /** A global view of multi-crop: crops of {@code localScaleMax} to all of the image. */
    private static AugmentationSettings globalCrop(
            AugmentationSettings.Builder view, double localScaleMax) {
        return view.cropScale(localScaleMax, 1.0).build();
    }

    /** A local view of multi-crop: crops of 0.05 (or less) to {@code localScaleMax}. */
    private static AugmentationSettings.Builder localCrop(
            AugmentationSettings.Builder view, double localScaleMax) {
        return view.cropScale(Math.min(0.05, localScaleMax), localScaleMax);
    }

    private static AugmentationSettings.Builder swavColour(int size, float[] mean, float[] std) {
        return AugmentationSettings.builder(size, mean, std)
                .cropRatio(3.0 / 4, 4.0 / 3)
                .flipProbability(0.5)
                .jitter(0.8, 0.8, 0.8, 0.8, 0.2)
                .grayscaleProbability(0.2)
                .blur(0.5, 0.1, 2.0);
    }

    private static AugmentationSettings.Builder byolColour(int size, float[] mean, float[] std) {
        return AugmentationSettings.builder(size, mean, std)
                .cropRatio(3.0 / 4, 4.0 / 3)
                .flipProbability(0.5)
                .jitter(0.8, 0.4, 0.4, 0.2, 0.1)
                .grayscaleProbability(0.2)
                .blur(0.0, 0.1, 2.0);
    }
}
