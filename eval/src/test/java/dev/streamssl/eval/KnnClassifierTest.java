package dev.streamssl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnnClassifierTest {

    @Test
    void weightsVotesByExponentiatedSimilarity() {
        // two weak votes for class 1 at cos 0.6 lose to one strong vote for class 0 at cos 1
        // with T = 0.07 (e^(1/0.07) >> 2 e^(0.6/0.07)), but win with k=3 at T = 10 (nearly equal
        // weights)
        float[][] bank = {{1, 0}, {0.6f, 0.8f}, {0.6f, -0.8f}};
        int[] labels = {0, 1, 1};
        KnnClassifier knn = new KnnClassifier(bank, labels);
        assertThat(knn.predict(new float[] {2, 0}, 3, 0.07)).isEqualTo(0);
        assertThat(knn.predict(new float[] {2, 0}, 3, 10)).isEqualTo(1);
        assertThat(knn.predict(new float[] {2, 0}, 1, 10)).isEqualTo(0);
    }

    @Test
    void usesCosineNotEuclideanDistance() {
        float[][] bank = {{100, 0}, {0, 0.1f}};
        KnnClassifier knn = new KnnClassifier(bank, new int[] {0, 1});
        assertThat(knn.predict(new float[] {0.01f, 5}, 1, 0.07)).isEqualTo(1);
    }

    @Test
    void accuracyCountsCorrectTopOnePredictions() {
        float[][] bank = {{1, 0}, {0, 1}};
        KnnClassifier knn = new KnnClassifier(bank, new int[] {0, 1});
        double acc =
                knn.accuracy(
                        new float[][] {{1, 0.1f}, {0.1f, 1}, {1, 0}, {0, 1}},
                        new int[] {0, 1, 1, 1},
                        1,
                        0.07);
        assertThat(acc).isEqualTo(0.75);
    }
}
