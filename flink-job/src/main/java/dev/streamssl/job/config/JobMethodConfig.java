package dev.streamssl.job.config;

import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.MultiCropAugmentation;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.method.MethodConfig;
import dev.streamssl.learner.method.MethodOption;
import dev.streamssl.learner.model.Architecture;
import org.apache.flink.configuration.Configuration;

/**
 * A method's view of the job's configuration: its options read as Flink options, its views from the
 * {@code augment.*} options ({@link AugmentationConfig}).
 */
final class JobMethodConfig implements MethodConfig {
    private final Configuration configuration;
    private final Architecture architecture;
    private final int imageSize;
    private final float[] mean;
    private final float[] std;

    JobMethodConfig(
            Configuration configuration,
            Architecture architecture,
            int imageSize,
            float[] mean,
            float[] std) {
        this.configuration = configuration;
        this.architecture = architecture;
        this.imageSize = imageSize;
        this.mean = mean;
        this.std = std;
    }

    @Override
    public <T> T get(MethodOption<T> option) {
        return configuration.get(MethodOptions.flink(option));
    }

    @Override
    public Architecture architecture() {
        return architecture;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public TwoViewAugmentation twoViews(String defaultPreset) {
        return AugmentationConfig.twoViews(configuration, defaultPreset, imageSize, mean, std);
    }

    @Override
    public AugmentationSettings singleView(String defaultPreset) {
        return AugmentationConfig.singleView(configuration, defaultPreset, imageSize, mean, std);
    }

    @Override
    public MultiCropAugmentation multiCrop(
            String preset, int localSize, int localCrops, double localScaleMax) {
        return AugmentationConfig.multiCrop(
                configuration, preset, imageSize, localSize, localCrops, localScaleMax, mean, std);
    }
}
