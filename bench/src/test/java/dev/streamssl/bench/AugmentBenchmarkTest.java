package dev.streamssl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.augment.AugmentationPreset;
import dev.streamssl.learner.augment.Presets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code bench augment --policy} takes every registered preset, batched on libtorch, with the view
 * count of its kind, and a name the registry does not know fails naming the ones it does.
 */
class AugmentBenchmarkTest {

    @Test
    void everyRegisteredPresetRunsWithTheViewsOfItsKind() {
        for (AugmentationPreset p : Presets.ALL) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            AugmentBenchmark.Result r =
                    AugmentBenchmark.run(
                            p.name(),
                            28,
                            4,
                            1,
                            "cpu",
                            new PrintStream(bytes, true, StandardCharsets.UTF_8));
            int views =
                    p instanceof AugmentationPreset.MultiCrop
                            ? 2 + AugmentBenchmark.LOCAL_VIEWS
                            : p instanceof AugmentationPreset.OneView ? 1 : 2;
            assertThat(bytes.toString(StandardCharsets.UTF_8))
                    .as(p.name())
                    .contains("per batch of 4 (" + views + " views each)");
            assertThat(r.imagesPerSecond()).as(p.name()).isPositive();
            assertThat(r.baselineImagesPerSecond()).as(p.name()).isPositive();
        }
    }

    @Test
    void anUnknownPolicyFailsNamingTheRegisteredPresets() {
        assertThatThrownBy(() -> AugmentBenchmark.run("simclr-v9", 28, 4, 1, "cpu", System.out))
                .hasMessageContaining("--policy")
                .hasMessageContaining("'simclr-v9'")
                .hasMessageContaining(String.join(", ", Presets.names()));
    }
}
