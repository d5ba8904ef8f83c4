package dev.streamssl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.augment.AugmentationPreset;
import dev.streamssl.learner.augment.Presets;
import dev.streamssl.learner.method.DeepClusterSettings;
import dev.streamssl.learner.method.DinoSettings;
import dev.streamssl.learner.method.SimClrSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.junit.jupiter.api.Test;

/**
 * The job reads every augmentation preset from the registry: each gives a method of its kind
 * exactly the registry's views, a name the method cannot take fails naming the ones it can, and
 * docs/configuration.md lists exactly the registered presets with their kind and description.
 */
class PresetRegistryTest {

    private static JobSettings job(String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("kafka.bootstrap-servers=k:9"));
        all.addAll(List.of(overrides));
        return JobSettings.from(ConfigLoader.load(null, all));
    }

    @Test
    void everyPresetGivesAMethodOfItsKindTheRegistrysViews() throws Exception {
        for (AugmentationPreset p : Presets.ALL) {
            if (p instanceof AugmentationPreset.TwoViews two) {
                JobSettings s = job("learner.method=simclr", "augment.preset=" + p.name());
                assertThat(((SimClrSettings) s.learnerSettings().method()).views())
                        .as(p.name())
                        .isEqualTo(two.factory().create(28, s.mean(), s.std()));
            } else if (p instanceof AugmentationPreset.OneView one) {
                JobSettings s = job("learner.method=deepcluster", "augment.preset=" + p.name());
                assertThat(((DeepClusterSettings) s.learnerSettings().method()).view())
                        .as(p.name())
                        .isEqualTo(one.factory().create(28, s.mean(), s.std()));
            } else {
                AugmentationPreset.MultiCrop multi = (AugmentationPreset.MultiCrop) p;
                JobSettings s = job("learner.method=dino", "augment.preset=" + p.name());
                assertThat(((DinoSettings) s.learnerSettings().method()).views())
                        .as(p.name())
                        .isEqualTo(
                                multi.factory()
                                        .create(
                                                28,
                                                DinoSettings.LOCAL_SIZE.defaultValue(),
                                                DinoSettings.LOCAL_CROPS.defaultValue(),
                                                DinoSettings.LOCAL_CROP_SCALE_MAX.defaultValue(),
                                                s.mean(),
                                                s.std()));
            }
        }
    }

    @Test
    void aPresetAMethodCannotTakeFailsNamingTheOnesItCan() {
        String twoViews = String.join(", ", Presets.names(AugmentationPreset.TwoViews.class));
        String oneView = String.join(", ", Presets.names(AugmentationPreset.OneView.class));
        assertThatThrownBy(() -> job("learner.method=simclr", "augment.preset=simclr-v9"))
                .hasMessageEndingWith(
                        "option 'augment.preset' = 'simclr-v9' is not known; allowed: "
                                + twoViews
                                + " (and for the clustering methods "
                                + oneView
                                + ")");
        assertThatThrownBy(() -> job("learner.method=dino", "augment.preset=byol"))
                .hasMessageContaining(
                        "option 'augment.preset' = 'byol' is not a multi-crop preset; a"
                                + " multi-crop method takes: "
                                + String.join(
                                        ", ", Presets.names(AugmentationPreset.MultiCrop.class)));
        assertThatThrownBy(() -> Presets.named("simclr-v9"))
                .hasMessageContaining("'simclr-v9'")
                .hasMessageContaining(String.join(", ", Presets.names()));
    }

    @Test
    void theDocsListExactlyTheRegisteredPresets() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        Matcher rows =
                Pattern.compile("\n\\| `([^`]+)` \\| (two views|one view|multi-crop) \\|")
                        .matcher(doc);
        List<String> documented = new ArrayList<>();
        while (rows.find()) {
            documented.add(rows.group(1));
        }
        assertThat(documented).containsExactlyElementsOf(Presets.names());
        for (AugmentationPreset p : Presets.ALL) {
            assertThat(doc)
                    .as("docs row of preset " + p.name())
                    .contains(
                            "\n| `"
                                    + p.name()
                                    + "` | "
                                    + p.kind()
                                    + " | "
                                    + p.description()
                                    + " |\n");
        }
        assertThat(new HtmlFormatter().format(AugmentOptions.PRESET.description()))
                .as("the option's description names every preset")
                .contains(Presets.names());
    }
}
