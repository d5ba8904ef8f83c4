package dev.streamssl.learner.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SinkhornKnoppTest {

    private static float[][] randomLogits(int n, int k, long seed) {
        Random random = new Random(seed);
        float[][] logits = new float[n][k];
        for (float[] row : logits) {
            for (int j = 0; j < k; j++) {
                row[j] = (float) (3 * random.nextGaussian());
            }
        }
        return logits;
    }

    @Test
    void marginalsAreUniformWithinTheTolerance() {
        int n = 300;
        int k = 12;
        double[][] q = new SinkhornKnopp(10, 1e-3, 10_000).plan(randomLogits(n, k, 1));
        double[] perClass = new double[k];
        for (double[] row : q) {
            double perPoint = 0;
            for (int j = 0; j < k; j++) {
                perPoint += row[j];
                perClass[j] += row[j];
            }
            assertThat(perPoint).isCloseTo(1.0 / n, within(1e-3 / n));
        }
        for (double c : perClass) {
            assertThat(c).isCloseTo(1.0 / k, within(1e-3 / k));
        }
    }

    @Test
    void theLabelsShareTheClassesEqually() {
        int n = 240;
        int k = 8;
        int[] labels = new SinkhornKnopp(10, 1e-3, 10_000).labels(randomLogits(n, k, 2));
        int[] counts = new int[k];
        for (int y : labels) {
            counts[y]++;
        }
        for (int c : counts) {
            // argmax of a near-equipartitioned plan: every class close to N/K = 30
            assertThat(c).isBetween(20, 40);
        }
    }

    @Test
    void confidentLogitsAndALargeLambdaStillShareTheClasses() {
        // every point is sure of class 0 and finds class 7 impossible: (P_7)^λ underflows to 0 in
        // double precision for λ = 50, where a multiplicative Sinkhorn-Knopp divides by zero
        int n = 256;
        int k = 8;
        float[][] logits = randomLogits(n, k, 5);
        for (float[] row : logits) {
            row[0] += 30;
            row[k - 1] -= 30;
        }
        double[][] q = new SinkhornKnopp(50, 1e-3, 10_000).plan(logits);
        double[] perClass = new double[k];
        for (double[] row : q) {
            for (int j = 0; j < k; j++) {
                assertThat(row[j]).isFinite();
                perClass[j] += row[j];
            }
        }
        for (double c : perClass) {
            assertThat(c).isCloseTo(1.0 / k, within(1e-3 / k));
        }
        int[] counts = new int[k];
        for (int y : new SinkhornKnopp(50, 1e-3, 10_000).labels(logits)) {
            counts[y]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(16, 48);
        }
    }

    @Test
    void theRescaledIterationsGiveTheLogDomainPlan() {
        // at Self-Label's λ the fast multiplicative form and the exact log-domain form reach the
        // same plan (they start from differently scaled c, so they are compared converged); a
        // quarter of a queue keeps the log-domain form's many iterations to a second
        float[][] logits = randomLogits(500, 32, 11);
        for (float[] row : logits) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 3;
            }
        }
        SinkhornKnopp sinkhorn = new SinkhornKnopp(25, 1e-9, 100_000);
        double[][] fast = sinkhorn.plan(logits);
        double[][] exact = sinkhorn.planInLogDomain(logits);
        for (int i = 0; i < fast.length; i++) {
            for (int j = 0; j < fast[i].length; j++) {
                assertThat(fast[i][j]).isCloseTo(exact[i][j], within(1e-12 + 1e-6 * exact[i][j]));
            }
        }
    }

    @Test
    void aMatrixWithUniformMarginalsIsUnchanged() {
        // circulant logits: P^λ is already doubly stochastic up to scale, so Q ∝ P^λ
        int n = 5;
        float[][] logits = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                logits[i][j] = (float) Math.cos(2 * Math.PI * (i - j) / n);
            }
        }
        double lambda = 3;
        double[][] q = new SinkhornKnopp(lambda, 1e-9, 1000).plan(logits);
        double total = 0;
        double[][] expected = new double[n][n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < n; j++) {
                z += Math.exp(logits[i][j]);
            }
            for (int j = 0; j < n; j++) {
                expected[i][j] = Math.pow(Math.exp(logits[i][j]) / z, lambda);
                total += expected[i][j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(q[i][j]).isCloseTo(expected[i][j] / total, within(1e-9));
            }
        }
    }

    @Test
    void largerLambdaGivesSharperAssignments() {
        float[][] logits = randomLogits(200, 10, 3);
        double soft = meanRowEntropy(new SinkhornKnopp(1, 1e-4, 10_000).plan(logits));
        double sharp = meanRowEntropy(new SinkhornKnopp(25, 1e-4, 10_000).plan(logits));
        assertThat(sharp).isLessThan(soft);
    }

    private static double meanRowEntropy(double[][] q) {
        double total = 0;
        for (double[] row : q) {
            double sum = 0;
            for (double v : row) {
                sum += v;
            }
            double h = 0;
            for (double v : row) {
                double p = v / sum;
                if (p > 0) {
                    h -= p * Math.log(p);
                }
            }
            total += h / q.length;
        }
        return total;
    }
}
