package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.MultiCropAugmentation;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.model.Architecture;
import java.util.Map;

/**
 * A {@link MethodConfig} over a map of option values for tests: unset options take their registered
 * defaults, views are the presets at the fixtures' image size with SimCLR's views for every
 * two-view method (crops from 0.3, as the other fixtures).
 */
final class FixtureConfig implements MethodConfig {
    private final Architecture architecture;
    private final Map<String, Object> values;

    FixtureConfig(Architecture architecture, Map<String, Object> values) {
        this.architecture = architecture;
        this.values = values;
    }

    @Override
    public <T> T get(MethodOption<T> option) {
        Object v = values.get(option.key());
        return v == null ? option.defaultValue() : option.type().cast(v);
    }

    @Override
    public Architecture architecture() {
        return architecture;
    }

    @Override
    public int imageSize() {
        return MethodFixtures.SIZE;
    }

    @Override
    public TwoViewAugmentation twoViews(String defaultPreset) {
        return AugmentationPresets.simclr(
                        MethodFixtures.SIZE, MethodFixtures.MEAN, MethodFixtures.STD)
                .map(v -> v.toBuilder().cropScale(0.3, 1.0).build());
    }

    @Override
    public AugmentationSettings singleView(String defaultPreset) {
        return twoViews(defaultPreset).first();
    }

    @Override
    public MultiCropAugmentation multiCrop(
            String preset, int localSize, int localCrops, double localScaleMax) {
        return preset.equals("swav")
                ? AugmentationPresets.swav(
                        MethodFixtures.SIZE,
                        localSize,
                        localCrops,
                        localScaleMax,
                        MethodFixtures.MEAN,
                        MethodFixtures.STD)
                : AugmentationPresets.dino(
                        MethodFixtures.SIZE,
                        localSize,
                        localCrops,
                        localScaleMax,
                        MethodFixtures.MEAN,
                        MethodFixtures.STD);
    }
}
