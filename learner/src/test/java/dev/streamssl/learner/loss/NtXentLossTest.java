package dev.streamssl.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class NtXentLossTest {

    /** The formula of SimCLR eq. 1, written out with doubles for 2N = 4 views. */
    private static double byHand(double[][] z, double tau) {
        int n2 = z.length;
        double[][] u = new double[n2][];
        for (int i = 0; i < n2; i++) {
            double norm = 0;
            for (double v : z[i]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            u[i] = new double[z[i].length];
            for (int d = 0; d < z[i].length; d++) {
                u[i][d] = z[i][d] / norm;
            }
        }
        double total = 0;
        for (int i = 0; i < n2; i++) {
            int j = (i + n2 / 2) % n2;
            double denominator = 0;
            for (int k = 0; k < n2; k++) {
                if (k != i) {
                    denominator += Math.exp(dot(u[i], u[k]) / tau);
                }
            }
            total += -Math.log(Math.exp(dot(u[i], u[j]) / tau) / denominator);
        }
        return total / n2;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    @Test
    void matchesTheFormulaOnATinyBatch() {
        double[][] z = {{1, 0, 2}, {0.5, -1, 0}, {0.9, 0.2, 1.7}, {0.3, -1.2, 0.4}};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z1 = m.create(new float[] {1, 0, 2, 0.5f, -1, 0}, new Shape(2, 3));
            NDArray z2 =
                    m.create(new float[] {0.9f, 0.2f, 1.7f, 0.3f, -1.2f, 0.4f}, new Shape(2, 3));
            float loss = NtXentLoss.compute(z1, z2, 0.5f).getFloat();
            assertThat((double) loss).isCloseTo(byHand(z, 0.5), within(1e-5));
            // A value computed once from the formula, so a change in byHand cannot hide a bug.
            assertThat((double) loss).isCloseTo(0.395079, within(2e-5));
        }
    }

    @Test
    void isLowWhenViewsAgreeAndImagesDiffer() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z1 = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray aligned = NtXentLoss.compute(z1, z1.duplicate(), 0.1f);
            NDArray swapped = NtXentLoss.compute(z1, z1.flip(0), 0.1f);
            assertThat(aligned.getFloat()).isLessThan(0.01f);
            assertThat(swapped.getFloat()).isGreaterThan(5f);
        }
    }
}
