package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.continual.ContinualSettings;
import dev.streamssl.learner.export.SafeTensors;
import dev.streamssl.learner.state.TensorData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code continual.head-warmup-steps}: after a warm start the encoder's weights stay as loaded for
 * exactly that many steps while the heads train; then everything trains.
 */
class HeadWarmupTest {
    private static final ImageBatch BATCH = TestImages.squares(16, 1, 16, 4);

    @TempDir Path dir;

    /** One network's trained weights (BatchNorm statistics left out: they follow the stream). */
    private static Map<String, TensorData> weights(SslMethod method, String network) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        method.saveState()
                .networks()
                .asMap()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith(network + "/") && !k.contains("running")) {
                                out.put(k, v);
                            }
                        });
        return out;
    }

    @Test
    void theEncoderWaitsForTheHeadsThenTrains() throws Exception {
        LearnerSettings s = MethodFixtures.settings("simclr", 7);
        Path pretrained = dir.resolve("encoder.safetensors");
        SafeTensors.write(pretrained, WarmStartTest.randomState(s.architecture(), 1, 99), Map.of());
        LearnerSettings warm =
                WarmStartTest.withInitFrom(s, pretrained)
                        .withContinual(new ContinualSettings("none", 0, Double.NaN, 32, 0.2, 2));
        try (SslMethod method = Methods.create(warm)) {
            Map<String, TensorData> loaded = weights(method, "encoder");
            Map<String, TensorData> projector = weights(method, "projector");
            method.trainStep(BATCH);
            method.trainStep(BATCH);
            assertThat(weights(method, "encoder")).isEqualTo(loaded);
            assertThat(weights(method, "projector")).isNotEqualTo(projector);
            method.trainStep(BATCH);
            assertThat(weights(method, "encoder")).isNotEqualTo(loaded);
        }
    }
}
