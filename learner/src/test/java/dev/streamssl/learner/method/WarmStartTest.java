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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn", "resnet18"})
    void aStateDictInAnotherOrderLoadsAsTheOrderedOne(String name) throws Exception {
        Architecture architecture = Architecture.fromConfigName(name, null);
        Map<String, SafeTensors.Tensor> ordered = randomState(architecture, 3, 17);
        List<String> keys = new ArrayList<>(ordered.keySet());
        Collections.shuffle(keys, new Random(3));
        Map<String, SafeTensors.Tensor> shuffled = new LinkedHashMap<>();
        keys.forEach(k -> shuffled.put(k, ordered.get(k)));
        assertThat(shuffled.keySet()).doesNotContainSequence(ordered.keySet());
        Path orderedFile = dir.resolve("ordered.safetensors");
        Path shuffledFile = dir.resolve("shuffled.safetensors");
        SafeTensors.write(orderedFile, ordered, Map.of());
        SafeTensors.write(shuffledFile, shuffled, Map.of());

        NamedTensors fromOrdered = WarmStart.encoderWeights(orderedFile, architecture, 3, 16);
        NamedTensors fromShuffled = WarmStart.encoderWeights(shuffledFile, architecture, 3, 16);
        assertThat(fromShuffled).isEqualTo(fromOrdered);
        // the four BatchNorm tensors of one module have one shape: each sits on its own parameter
        String bn = name.equals("small-cnn") ? "features.1" : "bn1";
        Map<String, String> pairs =
                Map.of(
                        "encoder/01Conv2d_weight",
                                name.equals("small-cnn") ? "features.0.weight" : "conv1.weight",
                        "encoder/02BatchNorm_gamma", bn + ".weight",
                        "encoder/02BatchNorm_beta", bn + ".bias",
                        "encoder/02BatchNorm_runningMean", bn + ".running_mean",
                        "encoder/02BatchNorm_runningVar", bn + ".running_var");
        pairs.forEach(
                (djl, torch) ->
                        assertThat(fromShuffled.require(djl).values())
                                .as(djl)
                                .containsExactly(ordered.get(torch).floats()));
    }

    @Test
    void aBfloat16StateDictLoadsWidened() throws Exception {
        Architecture cnn = Architecture.SMALL_CNN;
        Map<String, SafeTensors.Tensor> half = new LinkedHashMap<>();
        Map<String, float[]> widened = new LinkedHashMap<>();
        randomState(cnn, 1, 23)
                .forEach(
                        (key, t) -> {
                            if (!t.isFloat()) {
                                half.put(key, t);
                                return;
                            }
                            // bfloat16 is a float32's upper 16 bits: truncation, then widening
                            float[] f = t.floats();
                            ByteBuffer b =
                                    ByteBuffer.allocate(2 * f.length)
                                            .order(ByteOrder.LITTLE_ENDIAN);
                            float[] w = new float[f.length];
                            for (int i = 0; i < f.length; i++) {
                                int bits = Float.floatToIntBits(f[i]) >>> 16;
                                b.putShort((short) bits);
                                w[i] = Float.intBitsToFloat(bits << 16);
                            }
                            half.put(key, new SafeTensors.Tensor("BF16", t.shape(), b.array()));
                            widened.put(key, w);
                        });
        Path file = dir.resolve("bf16.safetensors");
        SafeTensors.write(file, half, Map.of());
        NamedTensors weights = WarmStart.encoderWeights(file, cnn, 1, 16);
        assertThat(weights.require("encoder/02BatchNorm_runningVar").values())
                .containsExactly(widened.get("features.1.running_var"));
        assertThat(weights.require("encoder/09Conv2d_weight").values())
                .containsExactly(widened.get("features.8.weight"));
    }

    @Test
    void theRefusalNamesEveryMissingUnexpectedAndMisshapenKeyAndCountsTheRest() throws Exception {
        Architecture cnn = Architecture.SMALL_CNN;
        Map<String, SafeTensors.Tensor> broken = new LinkedHashMap<>(randomState(cnn, 1, 5));
        broken.remove("features.4.weight");
        broken.put("features.12.weight", SafeTensors.Tensor.f32(new long[] {1}, new float[1]));
        broken.put(
                "features.1.running_var", SafeTensors.Tensor.f32(new long[] {16}, new float[16]));
        broken.put("features.5.running_mean", SafeTensors.Tensor.i64Scalar(3));
        Path file = dir.resolve("broken.safetensors");
        SafeTensors.write(file, broken, Map.of());
        assertThatThrownBy(() -> WarmStart.encoderWeights(file, cnn, 1, 16))
                .hasMessageContaining("12 of the 15 backbone tensors match")
                .hasMessageContaining("1 missing [features.4.weight]")
                .hasMessageContaining("1 unexpected [features.12.weight]")
                .hasMessageContaining("features.1.running_var has shape [16], needs [32]")
                .hasMessageContaining("features.5.running_mean is I64, not a float type");
    }

    static LearnerSettings withInitFrom(LearnerSettings s, Path file) {
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
