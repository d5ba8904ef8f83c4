package dev.streamssl.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class InfoNceLossTest {

    @Test
    void classifiesThePositiveAtIndexZeroAgainstTheQueue() {
        try (NDManager m = NDManager.newBaseManager()) {
            // unit vectors, so dot products are the cosines
            float[][] q = {{1, 0}, {0, 1}};
            float[][] k = {{0.6f, 0.8f}, {0, 1}};
            float[][] queue = {{1, 0}, {-1, 0}, {0.8f, -0.6f}};
            float tau = 0.5f;

            InfoNceLoss.Output out =
                    InfoNceLoss.compute(m.create(q), m.create(k), m.create(queue), tau);

            double expected = 0;
            double positive = 0;
            double negative = 0;
            for (int i = 0; i < 2; i++) {
                double pos = dot(q[i], k[i]);
                double denominator = Math.exp(pos / tau);
                for (float[] n : queue) {
                    denominator += Math.exp(dot(q[i], n) / tau);
                    negative += dot(q[i], n) / 6;
                }
                expected += -Math.log(Math.exp(pos / tau) / denominator) / 2;
                positive += pos / 2;
            }
            assertThat((double) out.loss().getFloat()).isCloseTo(expected, within(1e-5));
            assertThat(out.positiveSimilarity()).isCloseTo(positive, within(1e-6));
            assertThat(out.negativeSimilarity()).isCloseTo(negative, within(1e-6));
        }
    }

    @Test
    void normalisesQueriesAndKeys() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray queue = m.create(new float[][] {{0, 1}});
            float a =
                    InfoNceLoss.compute(
                                    m.create(new float[][] {{3, 0}}),
                                    m.create(new float[][] {{5, 0}}),
                                    queue,
                                    0.2f)
                            .loss()
                            .getFloat();
            float b =
                    InfoNceLoss.compute(
                                    m.create(new float[][] {{1, 0}}),
                                    m.create(new float[][] {{1, 0}}),
                                    queue,
                                    0.2f)
                            .loss()
                            .getFloat();
            assertThat(a).isCloseTo(b, within(1e-6f));
            // exp(1/0.2) against exp(0): −log(e⁵ / (e⁵ + 1))
            assertThat((double) b).isCloseTo(Math.log1p(Math.exp(-5)), within(1e-6));
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
