package dev.streamssl.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class ByolLossTest {

    @Test
    void isTwoMinusTwiceTheMeanCosine() {
        try (NDManager m = NDManager.newBaseManager()) {
            // cosines: 1 (same direction, other length) and 0 (orthogonal): mean 0.5
            float loss =
                    ByolLoss.compute(
                                    m.create(new float[][] {{2, 0}, {0, 3}}),
                                    m.create(new float[][] {{5, 0}, {1, 0}}))
                            .getFloat();
            assertThat(loss).isCloseTo(2 - 2 * 0.5f, within(1e-6f));
        }
    }

    @Test
    void symmetricSumsBothViewOrders() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] p1 = {{1, 0}};
            float[][] p2 = {{0.6f, 0.8f}};
            float[][] z1 = {{0, 1}};
            float[][] z2 = {{1, 1}};
            float loss =
                    ByolLoss.symmetric(m.create(p1), m.create(p2), m.create(z1), m.create(z2))
                            .getFloat();
            // L(p1, z2) = 2 − 2·cos45°; L(p2, z1) = 2 − 2·0.8
            double expected = (2 - 2 * Math.sqrt(0.5)) + (2 - 2 * 0.8);
            assertThat((double) loss).isCloseTo(expected, within(1e-5));
        }
    }
}
