package dev.streamssl.learner.augment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of augmentation presets: one {@link AugmentationPreset} per preset, in the order the
 * docs list them. The job's {@code augment.preset}, the augmentation benchmark and the docs check
 * read it; adding a preset is its views in {@link AugmentationPresets} and one line here.
 */
public final class Presets {
    /** Every preset {@code augment.preset} accepts. */
    public static final List<AugmentationPreset> ALL =
            List.of(
                    new AugmentationPreset.TwoViews(
                            "simclr",
                            "SimCLR (Chen et al. 2020): crop 0.08–1, flip, colour jitter of"
                                    + " strength s at p 0.8, grayscale 0.2, blur 0.5; below 96"
                                    + " pixels the CIFAR variant (s = 0.5, no blur)",
                            AugmentationPresets::simclr),
                    new AugmentationPreset.TwoViews(
                            "moco",
                            "MoCo v2 aug+ (Chen et al. 2020): crop 0.2–1, flip, jitter (0.4, 0.4,"
                                    + " 0.4, 0.1) at p 0.8, grayscale 0.2, blur 0.5",
                            AugmentationPresets::moco),
                    new AugmentationPreset.TwoViews(
                            "moco-v1",
                            "MoCo v1 (He et al. 2020): crop 0.2–1, flip, jitter (0.4, 0.4, 0.4,"
                                    + " 0.4) always, grayscale 0.2",
                            AugmentationPresets::mocoV1),
                    new AugmentationPreset.TwoViews(
                            "byol",
                            "BYOL (Grill et al. 2020): an asymmetric pair, crop 0.08–1, flip,"
                                    + " jitter (0.4, 0.4, 0.2, 0.1) at p 0.8, grayscale 0.2; blur"
                                    + " 1.0 and 0.1, solarization 0 and 0.2",
                            AugmentationPresets::byol),
                    new AugmentationPreset.OneView(
                            "deepcluster",
                            "DeepCluster (Caron et al. 2018): crop 0.08–1 and flip only",
                            AugmentationPresets::deepCluster),
                    new AugmentationPreset.OneView(
                            "selflabel",
                            "Self-Label (Asano et al. 2020): MoCo v1's view with crop 0.08–1",
                            AugmentationPresets::selfLabel),
                    new AugmentationPreset.MultiCrop(
                            "dino",
                            "DINO (Caron et al. 2021): BYOL's colours; global views crop 0.4–1,"
                                    + " blur 1.0 and 0.1, solarization 0.2 on the second; local"
                                    + " views crop 0.05–0.4, blur 0.5",
                            AugmentationPresets.DINO_LOCAL_SCALE_MAX,
                            AugmentationPresets::dino),
                    new AugmentationPreset.MultiCrop(
                            "swav",
                            "SwAV (Caron et al. 2020): SimCLR's colours at strength 1, blur 0.5;"
                                    + " global views crop 0.14–1, local views 0.05–0.14",
                            AugmentationPresets.SWAV_LOCAL_SCALE_MAX,
                            AugmentationPresets::swav));

    private static final Map<String, AugmentationPreset> BY_NAME = byName();

    private Presets() {}

    private static Map<String, AugmentationPreset> byName() {
        Map<String, AugmentationPreset> map = new LinkedHashMap<>();
        for (AugmentationPreset p : ALL) {
            if (map.put(p.name(), p) != null) {
                throw new IllegalStateException("preset " + p.name() + " is registered twice");
            }
        }
        return map;
    }

    /** The names {@code augment.preset} accepts, in registry order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The names of the presets of one kind ({@code AugmentationPreset.TwoViews.class}, ...). */
    public static List<String> names(Class<? extends AugmentationPreset> kind) {
        return ALL.stream().filter(kind::isInstance).map(AugmentationPreset::name).toList();
    }

    /** The preset of this name, if there is one. */
    public static Optional<AugmentationPreset> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The preset of this name; an unknown name fails naming the known ones. */
    public static AugmentationPreset named(String name) {
        return find(name)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "augmentation preset '"
                                                + name
                                                + "' is not known; known presets: "
                                                + String.join(", ", names())));
    }
}
