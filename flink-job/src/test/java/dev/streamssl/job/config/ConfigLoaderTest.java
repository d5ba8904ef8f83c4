package dev.streamssl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.method.DinoSettings;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.MocoSettings;
import dev.streamssl.learner.method.SimClrSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    @Test
    void theShippedExampleConfigurationIsValid() throws Exception {
        JobSettings s =
                JobSettings.from(
                        ConfigLoader.load(Path.of("../deploy/config/job.yaml"), List.of()));
        assertThat(s.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
        assertThat(s.get(LearnerOptions.BATCH_SIZE)).isEqualTo(256);
        assertThat(s.mean()).containsExactly(0.2860f);
        assertThat(((SimClrSettings) s.learnerSettings().method()).temperature()).isEqualTo(0.2);
    }

    @Test
    void theShippedRgbRecipeIsValid() throws Exception {
        JobSettings s =
                JobSettings.from(
                        ConfigLoader.load(Path.of("../deploy/config/rgb.yaml"), List.of()));
        assertThat(s.get(InputOptions.CHANNELS)).isEqualTo(3);
        assertThat(s.get(InputOptions.IMAGE_SIZE)).isEqualTo(64);
        assertThat(s.decodeSize()).isEqualTo(80);
        assertThat(s.mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(s.learnerSettings().channels()).isEqualTo(3);
    }

    @Test
    void theDecodeSizeDefaultsToTheImageSizeAndMayNotBeSmaller() throws Exception {
        JobSettings defaults =
                JobSettings.from(ConfigLoader.load(null, List.of("kafka.bootstrap-servers=k:9")));
        assertThat(defaults.decodeSize()).isEqualTo(28);
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        ConfigLoader.load(
                                                null,
                                                List.of(
                                                        "kafka.bootstrap-servers=k:9",
                                                        "input.image-size=64",
                                                        "input.decode-size=48"))))
                .hasMessageContaining("input.decode-size")
                .hasMessageContaining("input.image-size");
    }

    @Test
    void commandLineOverridesWinOverTheFile() throws Exception {
        Path yaml = write("kafka:\n  bootstrap-servers: a:1\nlearner:\n  batch-size: 64\n");
        JobSettings s = JobSettings.from(ConfigLoader.load(yaml, List.of("learner.batch-size=32")));
        assertThat(s.get(LearnerOptions.BATCH_SIZE)).isEqualTo(32);
        assertThat(s.learnerSettings().batchSize()).isEqualTo(32);
    }

    @Test
    void aMisspelledKeyIsNamedWithTheClosestOption() throws Exception {
        Path yaml = write("kafka:\n  bootstrap-servers: a:1\nlearner:\n  batch-sise: 64\n");
        assertThatThrownBy(() -> ConfigLoader.load(yaml, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learner.batch-sise")
                .hasMessageContaining("did you mean 'learner.batch-size'");
    }

    @Test
    void eachMethodGetsItsOwnSettingsAndItsRecipe() {
        MocoSettings moco =
                (MocoSettings)
                        settings(Map.of("learner.method", "moco", "moco.version", "v1"))
                                .learnerSettings()
                                .method();
        assertThat(moco.temperature()).isEqualTo(0.07);
        assertThat(moco.views().first().jitterProbability()).isEqualTo(1.0);
        DinoSettings dino =
                (DinoSettings)
                        settings(Map.of("learner.method", "dino", "dino.local-crops", "3"))
                                .learnerSettings()
                                .method();
        assertThat(dino.views().localCount()).isEqualTo(3);
        assertThat(dino.views().local().outputSize()).isEqualTo(12);
        LearnerSettings paperByol =
                settings(Map.of("learner.method", "byol", "learner.recipe", "paper"))
                        .learnerSettings();
        assertThat(paperByol.optimizer().baseLearningRate()).isEqualTo(0.2);
        assertThat(paperByol.optimizer().larsTrustCoefficient()).isEqualTo(0.001);
        LearnerSettings dinoAdamW =
                settings(Map.of("learner.method", "dino", "optimizer.learning-rate", "0.001"))
                        .learnerSettings();
        assertThat(dinoAdamW.optimizer().kind()).isEqualTo("adamw");
        assertThat(dinoAdamW.optimizer().baseLearningRate()).isEqualTo(0.001);
    }

    @Test
    void aMethodsBadValueIsOneLineNamingTheOption() {
        assertThatThrownBy(() -> settings(Map.of("learner.method", "swag")))
                .hasMessageContaining("learner.method")
                .hasMessageContaining("simclr, moco, byol, dino");
        assertThatThrownBy(() -> settings(Map.of("learner.method", "moco", "moco.momentum", "1")))
                .hasMessageContaining("moco.momentum");
        assertThatThrownBy(() -> settings(Map.of("learner.method", "moco", "moco.version", "v3")))
                .hasMessageContaining("moco.version");
        assertThatThrownBy(
                        () ->
                                settings(
                                        Map.of(
                                                "learner.method",
                                                "dino",
                                                "learner.architecture",
                                                "vit",
                                                "dino.local-size",
                                                "10")))
                .hasMessageContaining("dino.local-size")
                .hasMessageContaining("vit.patch-size");
        assertThatThrownBy(
                        () ->
                                settings(
                                        Map.of(
                                                "learner.architecture",
                                                "vit",
                                                "vit.patch-size",
                                                "5")))
                .hasMessageContaining("input.image-size");
        assertThatThrownBy(
                        () ->
                                settings(
                                        Map.of(
                                                "learner.method",
                                                "dino",
                                                "augment.preset",
                                                "simclr")))
                .hasMessageContaining("augment.preset");
        assertThatThrownBy(() -> settings(Map.of("learner.recipe", "huge")))
                .hasMessageContaining("learner.recipe");
    }

    @Test
    void anOutOfRangeValueNamesTheOptionAndTheRange() {
        assertThatThrownBy(() -> settings(Map.of("learner.batch-size", "1")))
                .hasMessageContaining("learner.batch-size")
                .hasMessageContaining("[2, 65536]");
        assertThatThrownBy(() -> settings(Map.of("simclr.temperature", "0")))
                .hasMessageContaining("simclr.temperature");
        assertThatThrownBy(() -> settings(Map.of("kafka.delivery", "maybe")))
                .hasMessageContaining("kafka.delivery")
                .hasMessageContaining("exactly-once, at-least-once");
        assertThatThrownBy(() -> settings(Map.of("learner.device", "tpu")))
                .hasMessageContaining("learner.device");
        assertThatThrownBy(() -> settings(Map.of("input.channels", "3")))
                .hasMessageContaining("input.mean");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKey() {
        assertThatThrownBy(() -> settings(Map.of("learner.batch-size", "many")))
                .hasMessageContaining("learner.batch-size");
    }

    @Test
    void theBrokerAddressIsRequired() {
        assertThatThrownBy(() -> JobSettings.from(ConfigLoader.fromMap(Map.of())))
                .hasMessageContaining("kafka.bootstrap-servers");
    }

    @Test
    void augmentationOverridesReachTheLearner() {
        JobSettings s =
                settings(Map.of("augment.crop-scale-min", "0.3", "augment.brightness", "0.1"));
        SimClrSettings simclr = (SimClrSettings) s.learnerSettings().method();
        assertThat(simclr.views().first().cropScaleMin()).isEqualTo(0.3);
        assertThat(simclr.views().second().brightness()).isEqualTo(0.1);
        assertThat(simclr.views().first().contrast())
                .isEqualTo(0.4, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aPaperPresetIsSelectable() {
        SimClrSettings byol =
                (SimClrSettings)
                        settings(Map.of("augment.preset", "byol")).learnerSettings().method();
        assertThat(byol.views().first().blurProbability()).isEqualTo(1.0);
        assertThat(byol.views().second().solarizeProbability()).isEqualTo(0.2);
        assertThatThrownBy(() -> settings(Map.of("augment.preset", "dino")))
                .hasMessageContaining("augment.preset")
                .hasMessageContaining("multi-crop");
        assertThatThrownBy(() -> settings(Map.of("augment.hue", "0.7")))
                .hasMessageContaining("hue");
    }

    private static JobSettings settings(Map<String, String> extra) {
        java.util.Map<String, String> all = new java.util.HashMap<>(extra);
        all.put("kafka.bootstrap-servers", "localhost:9092");
        return JobSettings.from(ConfigLoader.fromMap(all));
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
