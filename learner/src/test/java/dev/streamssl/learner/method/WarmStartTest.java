package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.streamssl.learner.export.SafeTensors;
import dev.streamssl.learner.export.TorchStateDict;
import dev.streamssl.learner.export.WarmStart;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.state.NamedTensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code learner.init-from}: every method's version 0 is the state dict's backbone (so the
 * embedders, which build version 0 from the same settings, start from it too), and a file that is
 * not that backbone is refused naming the keys.
 */
class WarmStartTest {
    @TempDir Path dir;

    static String[] cases() {
        return MethodFixtures.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void versionZeroIsTheLoadedBackbone(String name) throws Exception {
        LearnerSettings plain = MethodFixtures.settings(name);
        Map<String, SafeTensors.Tensor> state = randomState(plain.architecture(), 1, 99);
        // a DataParallel prefix and a classifier, as checkpoints in the wild carry them
        Map<String, SafeTensors.Tensor> saved = new LinkedHashMap<>();
        state.forEach((k, v) -> saved.put("module." + k, v));
        saved.put("module.fc.weight", SafeTensors.Tensor.f32(new long[] {2, 3}, new float[6]));
        Path file = dir.resolve(name + ".safetensors");
        SafeTensors.write(file, saved, Map.of());

        try (SslMethod method = Methods.create(withInitFrom(plain, file))) {
            NamedTensors weights = method.evaluationWeights();
            int i = 0;
            for (SafeTensors.Tensor expected : state.values()) {
                if (expected.dtype().equals("I64")) {
                    continue; // num_batches_tracked has no DJL counterpart
                }
                String key = weights.asMap().keySet().stream().skip(i++).findFirst().orElseThrow();
                assertThat(weights.get(key).values()).as(key).containsExactly(expected.floats());
            }
            assertThat(i).isEqualTo(weights.size());
        }
        try (SslMethod fresh = Methods.create(plain)) {
            assertThat(fresh.evaluationWeights().asMap().values().iterator().next().values())
                    .as("without init-from the weights are the seed's")
                    .isNotEqualTo(state.values().iterator().next().floats());
        }
    }

    @Test
    void aFileThatIsNotTheBackboneIsRefusedNamingTheKeys() throws Exception {
        Architecture cnn = Architecture.SMALL_CNN;
        Map<String, SafeTensors.Tensor> state = randomState(cnn, 1, 5);
        Map<String, SafeTensors.Tensor> broken = new LinkedHashMap<>(state);
        broken.remove("features.4.weight");
        broken.put("features.12.weight", SafeTensors.Tensor.f32(new long[] {1}, new float[1]));
        Path file = dir.resolve("broken.safetensors");
        SafeTensors.write(file, broken, Map.of());
        assertThatThrownBy(() -> WarmStart.encoderWeights(file, cnn, 1, 16))
                .hasMessageContaining("not a small-cnn backbone")
                .hasMessageContaining("1 missing [features.4.weight]")
                .hasMessageContaining("1 unexpected [features.12.weight]");

        Path grey = dir.resolve("grey.safetensors");
        SafeTensors.write(grey, state, Map.of());
        assertThatThrownBy(() -> WarmStart.encoderWeights(grey, cnn, 3, 16))
                .hasMessageContaining("features.0.weight has shape [32, 1, 3, 3]")
                .hasMessageContaining("needs [32, 3, 3, 3]");
        assertThatThrownBy(() -> WarmStart.encoderWeights(dir.resolve("model.pt"), cnn, 1, 16))
                .hasMessageContaining("no such file");
    }

    private static LearnerSettings withInitFrom(LearnerSettings s, Path file) {
        return new LearnerSettings(
                s.architecture(),
                s.channels(),
                s.imageSize(),
                s.batchSize(),
                s.device(),
                s.seed(),
                s.optimizer(),
                s.method(),
                file.toString());
    }

    /** A state dict of the architecture with every value, BatchNorm statistics too, random. */
    static Map<String, SafeTensors.Tensor> randomState(Architecture a, int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Network net = Network.encoder(a, channels, MethodFixtures.SIZE, manager, seed)) {
            Map<String, SafeTensors.Tensor> state = new LinkedHashMap<>();
            TorchStateDict.of(net, a)
                    .forEach(
                            (k, v) -> {
                                if (v.dtype().equals("I64")) {
                                    state.put(k, v);
                                    return;
                                }
                                float[] x = new float[v.floats().length];
                                for (int j = 0; j < x.length; j++) {
                                    x[j] = 0.5f + (float) random.nextDouble();
                                }
                                state.put(k, SafeTensors.Tensor.f32(v.shape(), x));
                            });
            return state;
        }
    }
}
