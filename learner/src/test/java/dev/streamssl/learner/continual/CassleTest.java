package dev.streamssl.learner.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.MethodFixtures;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.LearnerStateSerializer;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CaSSLe composed with real methods: the frozen copy is refreshed exactly at the configured steps
 * (and on request), holds the encoder of that moment, is checkpointed with the learner so that a
 * restored learner continues bit for bit and refreshes once, not twice; a warm start anchors it
 * from the first step; a method without an encoder–projector pair is refused with the reason.
 */
class CassleTest {
    private static final ImageBatch BATCH = TestImages.squares(16, 1, 16, 4);

    private static LearnerSettings settings(String method, long seed, long refreshEvery) {
        return MethodFixtures.settings(method, seed)
                .withContinual(new ContinualSettings("cassle", refreshEvery, Double.NaN, 32, 0.2));
    }

    /** The tensors of one network in a saved state, named without the network's prefix. */
    private static Map<String, TensorData> network(LearnerState state, String name) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : state.networks().asMap().entrySet()) {
            if (e.getKey().startsWith(name + "/")) {
                out.put(e.getKey().substring(name.length()), e.getValue());
            }
        }
        assertThat(out).as("network " + name).isNotEmpty();
        return out;
    }

    private static boolean anchored(LearnerState state) {
        return state.components().require("cassle-anchor/flags").values()[0] != 0;
    }

    @Test
    void theFrozenCopyTakesTheEncoderOfTheRefreshStepAndOnlyThen() {
        try (SslMethod method = Methods.create(settings("simclr", 7, 2))) {
            LearnerState start = method.saveState();
            assertThat(anchored(start)).isFalse();
            method.trainStep(BATCH);
            method.trainStep(BATCH);
            LearnerState beforeRefresh = method.saveState();
            assertThat(method.anchorRefreshes()).isZero();
            // not yet refreshed: the copy is still the initialisation
            assertThat(network(beforeRefresh, "cassle-frozen-encoder"))
                    .isEqualTo(network(start, "encoder"))
                    .isNotEqualTo(network(beforeRefresh, "encoder"));

            method.trainStep(BATCH); // step 2: refresh first, then train
            LearnerState afterRefresh = method.saveState();
            assertThat(method.anchorRefreshes()).isEqualTo(1);
            assertThat(anchored(afterRefresh)).isTrue();
            assertThat(weightsOnly(network(afterRefresh, "cassle-frozen-projector")))
                    .isEqualTo(weightsOnly(network(beforeRefresh, "projector")));
            // BatchNorm running statistics of the copy move with its training-mode forward pass
            // (as in the official code); its weights are those of the refresh step
            assertThat(weightsOnly(network(afterRefresh, "cassle-frozen-encoder")))
                    .isEqualTo(weightsOnly(network(beforeRefresh, "encoder")));

            method.trainStep(BATCH);
            assertThat(method.anchorRefreshes()).isEqualTo(1);
            method.trainStep(BATCH); // step 4
            assertThat(method.anchorRefreshes()).isEqualTo(2);
        }
    }

    private static Map<String, TensorData> weightsOnly(Map<String, TensorData> tensors) {
        Map<String, TensorData> out = new LinkedHashMap<>(tensors);
        out.keySet().removeIf(k -> k.contains("running"));
        assertThat(out.size()).isLessThan(tensors.size());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"simclr", "byol", "barlowtwins", "vicreg", "simsiam", "nnclr"})
    void aRestoredLearnerContinuesBitForBitAndRefreshesOnce(String name) throws Exception {
        LearnerStateSerializer serializer = new LearnerStateSerializer();
        try (SslMethod original = Methods.create(settings(name, 7, 3))) {
            for (int i = 0; i < 3; i++) {
                original.trainStep(BATCH);
            }
            byte[] saved = serializer.serialize(original.saveState());
            try (SslMethod restored = Methods.create(settings(name, 99, 3))) {
                restored.restoreState(serializer.deserialize(serializer.version(), saved));
                for (int i = 0; i < 2; i++) {
                    ImageBatch next = TestImages.squares(16, 1, 16, 10 + i);
                    assertThat(restored.trainStep(next).loss())
                            .isEqualTo(original.trainStep(next).loss());
                }
                assertThat(restored.anchorRefreshes()).isEqualTo(1);
                assertThat(original.anchorRefreshes()).isEqualTo(1);
                assertThat(restored.saveState()).isEqualTo(original.saveState());
            }
        }
    }

    @Test
    void aRequestedRefreshHappensBeforeTheNextStepAndSurvivesARestore() throws Exception {
        LearnerStateSerializer serializer = new LearnerStateSerializer();
        try (SslMethod method = Methods.create(settings("simclr", 7, 0))) {
            method.trainStep(BATCH);
            method.requestAnchorRefresh();
            byte[] saved = serializer.serialize(method.saveState());
            try (SslMethod restored = Methods.create(settings("simclr", 7, 0))) {
                restored.restoreState(serializer.deserialize(serializer.version(), saved));
                restored.trainStep(BATCH);
                assertThat(restored.anchorRefreshes()).isEqualTo(1);
                restored.trainStep(BATCH);
                assertThat(restored.anchorRefreshes()).isEqualTo(1);
                assertThat(anchored(restored.saveState())).isTrue();
            }
        }
    }

    @Test
    void aWarmStartAnchorsTheCopyToThePretrainedEncoderFromTheFirstStep() {
        NamedTensors pretrained;
        try (SslMethod donor = Methods.create(MethodFixtures.settings("simclr", 3))) {
            for (int i = 0; i < 3; i++) {
                donor.trainStep(BATCH);
            }
            pretrained = donor.evaluationWeights();
        }
        try (SslMethod warm = Methods.create(settings("simclr", 7, 0));
                SslMethod warmAlone = Methods.create(MethodFixtures.settings("simclr", 7))) {
            warm.startEncoderFrom(pretrained);
            LearnerState start = warm.saveState();
            assertThat(anchored(start)).isTrue();
            assertThat(network(start, "cassle-frozen-encoder"))
                    .isEqualTo(network(start, "encoder"));
            Map<String, TensorData> encoder = new LinkedHashMap<>();
            pretrained.asMap().forEach((k, v) -> encoder.put(k.substring("encoder".length()), v));
            assertThat(network(start, "encoder")).isEqualTo(encoder);
            // the distillation term is on: the step's loss is the method's plus λ · L_D > 0
            warmAlone.startEncoderFrom(pretrained);
            assertThat(warm.trainStep(BATCH).loss())
                    .isGreaterThan(warmAlone.trainStep(BATCH).loss());
        }
    }

    @Test
    void theListOfDistillableMethodsIsWhatTheMethodsOffer() {
        for (String name : Methods.names()) {
            boolean listed = ContinualStrategies.DISTILLABLE_METHODS.contains(name);
            if (listed) {
                Methods.create(settings(name, 7, 0)).close();
            } else {
                assertThatThrownBy(() -> Methods.create(settings(name, 7, 0)))
                        .as(name)
                        .hasMessageContaining("'" + name + "'");
            }
        }
    }

    @Test
    void aMethodWithoutAnEncoderProjectorPairIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Methods.create(settings("dino", 7, 10)))
                .hasMessageContaining("continual.strategy = cassle")
                .hasMessageContaining("'dino'")
                .hasMessageContaining("simclr, byol");
    }

    @Test
    void anUnknownStrategyIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> new ContinualSettings("ewc", 0, Double.NaN, 32, 0.2))
                .hasMessageContaining("'ewc'")
                .hasMessageContaining("none, cassle");
    }
}
