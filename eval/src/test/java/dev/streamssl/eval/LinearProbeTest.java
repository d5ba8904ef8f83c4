package dev.streamssl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The probe separates what a hyperplane separates and nothing more: three classes in distinct
 * directions are classified perfectly; XOR, which kNN solves, stays at chance for a linear model.
 */
class LinearProbeTest {
    @Test
    void classifiesLinearlySeparableClassesPerfectly() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] train = new float[300][];
        int[] labels = new int[300];
        float[][] test = new float[90][];
        int[] truth = new int[90];
        for (int i = 0; i < 300; i++) {
            labels[i] = i % 3;
            train[i] = cluster(labels[i], random);
        }
        for (int i = 0; i < 90; i++) {
            truth[i] = i % 3;
            test[i] = cluster(truth[i], random);
        }
        LinearProbe probe =
                LinearProbe.fit(train, labels, new LinearProbe.Settings(30, 32, 0.1, 0.9, 0));
        assertThat(probe.predict(test)).containsExactly(truth);
    }

    @Test
    void xorIsBeyondALinearProbe() {
        // four blobs at (±1, ±1) in the first two of 4 dimensions, labelled by the signs' XOR:
        // after L2 normalisation they are four directions, two per class, on opposite sides
        SplittableRandom random = new SplittableRandom(5);
        float[][] x = new float[400][];
        int[] labels = new int[400];
        for (int i = 0; i < 400; i++) {
            int a = i % 2;
            int b = (i / 2) % 2;
            labels[i] = a ^ b;
            x[i] =
                    new float[] {
                        (a == 0 ? -1 : 1) + noise(random),
                        (b == 0 ? -1 : 1) + noise(random),
                        noise(random),
                        noise(random)
                    };
        }
        int[] predicted =
                LinearProbe.fit(x, labels, new LinearProbe.Settings(30, 32, 0.1, 0.9, 0))
                        .predict(x);
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        assertThat((double) correct / x.length).isBetween(0.25, 0.75);
        int[] knn = new KnnClassifier(x, labels).predict(x, 5, 0.07);
        int knnCorrect = 0;
        for (int i = 0; i < x.length; i++) {
            knnCorrect += knn[i] == labels[i] ? 1 : 0;
        }
        assertThat(knnCorrect).isEqualTo(x.length);
    }

    @Test
    void refusesABankWithoutLabels() {
        assertThatThrownBy(
                        () ->
                                LinearProbe.fit(
                                        new float[2][3],
                                        new int[1],
                                        LinearProbe.Settings.defaults()))
                .hasMessageContaining("2 vectors and 1 labels");
        assertThatThrownBy(() -> new LinearProbe.Settings(0, 256, 0.1, 0.9, 0))
                .hasMessageContaining("epochs");
    }

    /** A point around one of three orthogonal directions in 6 dimensions. */
    private static float[] cluster(int label, SplittableRandom random) {
        float[] v = new float[6];
        for (int j = 0; j < v.length; j++) {
            v[j] = noise(random);
        }
        v[label] += 3;
        return v;
    }

    private static float noise(SplittableRandom random) {
        return (float) (0.3 * (random.nextDouble() - 0.5));
    }
}
