package dev.streamssl.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class BalancedCrossEntropyTest {

    @Test
    void everyNonEmptyClusterCarriesTheSameTotalWeight() {
        int[] labels = {3, 3, 3, 3, 0, 7, 7};
        float[] w = BalancedCrossEntropy.weights(labels);
        double three = w[0] + w[1] + w[2] + w[3];
        double zero = w[4];
        double seven = w[5] + w[6];
        assertThat(three).isCloseTo(1.0 / 3, within(1e-6));
        assertThat(zero).isCloseTo(1.0 / 3, within(1e-6));
        assertThat(seven).isCloseTo(1.0 / 3, within(1e-6));
    }

    @Test
    void isTheMeanOverClustersOfTheMeanCrossEntropy() {
        float[][] logits = {{2, 0}, {1, 1}, {0, 3}};
        int[] labels = {0, 0, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = BalancedCrossEntropy.compute(m.create(logits), labels).getFloat();
            double ce0 = -Math.log(Math.exp(2) / (Math.exp(2) + 1));
            double ce1 = Math.log(2);
            double ce2 = -Math.log(Math.exp(3) / (Math.exp(3) + 1));
            double expected = ((ce0 + ce1) / 2 + ce2) / 2;
            assertThat((double) loss).isCloseTo(expected, within(1e-6));
        }
    }
}
