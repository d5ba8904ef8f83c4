package dev.streamssl.learner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollapseAlarmsTest {
    private static final double NAN = Double.NaN;

    @Test
    void aConstantEncoderRaisesTheStdAndRankAlarmsAndARandomOneNone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // what an encoder that has collapsed outputs: the same vector for every image
            NDArray constant = manager.ones(new Shape(256, 128)).mul(0.3f);
            NDArray healthy = manager.randomNormal(new Shape(256, 128));
            List<String> collapsed = check(constant);
            List<String> spread = check(healthy);
            assertThat(collapsed)
                    .extracting(CollapseAlarms::name)
                    .containsExactly("embedding-std", "effective-rank");
            assertThat(spread).isEmpty();
        }
    }

    private static List<String> check(NDArray representations) {
        double std = CollapseIndicators.normalizedStd(representations);
        double rank = EffectiveRank.of(toRows(representations));
        return CollapseAlarms.check(
                new CollapseAlarms.Indicators(std, rank, NAN, NAN, 0, NAN, NAN, NAN));
    }

    private static float[][] toRows(NDArray a) {
        int n = (int) a.getShape().get(0);
        int d = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, rows[i], 0, d);
        }
        return rows;
    }

    @Test
    void dinoAlarmsOnAOneHotOrAUniformTeacherOnly() {
        int k = 1024;
        double lnK = Math.log(k);
        assertThat(dino(0.01, 2.0, k))
                .extracting(CollapseAlarms::name)
                .containsExactly("teacher-one-hot");
        assertThat(dino(0.999 * lnK, 1e-4, k))
                .extracting(CollapseAlarms::name)
                .containsExactly("teacher-uniform");
        // near uniform but the student still learns from it, and a sharp healthy teacher
        assertThat(dino(0.999 * lnK, 0.05, k)).isEmpty();
        assertThat(dino(3.0, 1e-4, k)).isEmpty();
    }

    private static List<String> dino(double entropy, double kl, int k) {
        return CollapseAlarms.check(
                new CollapseAlarms.Indicators(0.05, NAN, entropy, kl, k, NAN, NAN, NAN));
    }

    @Test
    void mocoAndClusterAlarms() {
        assertThat(
                        CollapseAlarms.check(
                                new CollapseAlarms.Indicators(
                                        0.05, NAN, NAN, NAN, 0, 0.97, 0.95, NAN)))
                .extracting(CollapseAlarms::name)
                .containsExactly("moco-no-contrast");
        assertThat(
                        CollapseAlarms.check(
                                new CollapseAlarms.Indicators(
                                        0.05, NAN, NAN, NAN, 0, 0.8, 0.1, NAN)))
                .isEmpty();
        assertThat(
                        CollapseAlarms.check(
                                new CollapseAlarms.Indicators(
                                        0.05, NAN, NAN, NAN, 0, NAN, NAN, 0.4)))
                .extracting(CollapseAlarms::name)
                .containsExactly("cluster-collapse");
        assertThat(
                        CollapseAlarms.check(
                                new CollapseAlarms.Indicators(
                                        0.05, NAN, NAN, NAN, 0, NAN, NAN, 5.5)))
                .isEmpty();
    }

    @Test
    void nanRaisesNothing() {
        assertThat(
                        CollapseAlarms.check(
                                new CollapseAlarms.Indicators(
                                        NAN, NAN, NAN, NAN, 64, NAN, NAN, NAN)))
                .isEmpty();
    }
}
