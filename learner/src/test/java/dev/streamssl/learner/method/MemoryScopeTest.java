package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import dev.streamssl.learner.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every per-step array must be closed: native memory must not grow with the step count. */
class MemoryScopeTest {

    /** Arrays alive anywhere under the engine's system manager. */
    private static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return ((BaseNDManager) probe.getParentManager()).getManagedArrays().size();
        }
    }

    @Test
    void trainingStepsLeaveNoArraysBehind() {
        ImageBatch batch = TestImages.squares(16, 1, 16, 9);
        for (String optimizer : new String[] {"lars", "adamw"}) {
            try (SslMethod simclr = Methods.create(SimClrTest.settings(optimizer, 0.01))) {
                assertNoArraysLeftBehind(simclr, batch, optimizer);
            }
        }
    }

    static String[] cases() {
        return MethodFixtures.cases();
    }

    /** EMA updates, queue writes and center updates must not leak an array per step either. */
    @ParameterizedTest
    @MethodSource("cases")
    void everyMethodsStepsLeaveNoArraysBehind(String name) {
        try (SslMethod method = Methods.create(MethodFixtures.settings(name))) {
            assertNoArraysLeftBehind(method, TestImages.squares(16, 1, 16, 9), name);
        }
    }

    private static void assertNoArraysLeftBehind(SslMethod method, ImageBatch batch, String as) {
        // first steps create the optimizer's moment buffers
        method.trainStep(batch);
        method.trainStep(batch);
        int before = liveArrays();
        for (int i = 0; i < 20; i++) {
            method.trainStep(batch);
        }
        assertThat(liveArrays()).as(as).isEqualTo(before);
    }

    @Test
    void embeddingLeavesNoArraysBehind() {
        ImageBatch batch = TestImages.squares(8, 1, 16, 10);
        try (SslMethod simclr = Methods.create(SimClrTest.settings("sgd", 0.1));
                EvaluationNetwork eval =
                        new EvaluationNetwork(
                                dev.streamssl.learner.model.Architecture.SMALL_CNN,
                                1,
                                16,
                                new float[] {0.5f},
                                new float[] {0.5f},
                                ai.djl.Device.cpu())) {
            eval.load(simclr.evaluationWeights());
            eval.embed(batch);
            int before = liveArrays();
            for (int i = 0; i < 10; i++) {
                eval.load(simclr.evaluationWeights());
                float[][] h = eval.embed(batch);
                assertThat(h).hasNumberOfRows(8);
                assertThat(h[0]).hasSize(128);
            }
            assertThat(liveArrays()).isEqualTo(before);
        }
    }
}
