package dev.streamssl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CosineTopKTest {

    @Test
    void findsTheSameNeighboursAsScalarDotProducts() {
        // more queries than one block and more bank vectors than one tile; some zero entries, as
        // raw pixels have
        Random random = new Random(7);
        float[][] bank = gaussian(random, 2500, 37);
        float[][] queries = gaussian(random, 70, 37);
        int k = 20;

        CosineTopK.Neighbours[] found = new CosineTopK(bank).search(queries, k);

        for (int i = 0; i < queries.length; i++) {
            double[] expected = scalarTopK(bank, queries[i], k);
            for (int j = 0; j < k; j++) {
                assertThat((double) found[i].similarity()[j]).isCloseTo(expected[j], within(1e-5));
                float[] b = CosineTopK.normalized(bank[found[i].index()[j]], 37);
                float[] q = CosineTopK.normalized(queries[i], 37);
                assertThat(dot(b, q)).isCloseTo(expected[j], within(1e-5));
            }
        }
    }

    @Test
    void kIsCappedByTheBankSize() {
        CosineTopK.Neighbours[] found =
                new CosineTopK(new float[][] {{1, 0}, {0, 1}}).search(new float[][] {{1, 1}}, 20);
        assertThat(found[0].index()).hasSize(2);
    }

    private static double[] scalarTopK(float[][] bank, float[] query, int k) {
        float[] q = CosineTopK.normalized(query, query.length);
        double[] sims = new double[bank.length];
        for (int i = 0; i < bank.length; i++) {
            sims[i] = dot(CosineTopK.normalized(bank[i], query.length), q);
        }
        java.util.Arrays.sort(sims);
        double[] top = new double[k];
        for (int j = 0; j < k; j++) {
            top[j] = sims[sims.length - 1 - j];
        }
        return top;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static float[][] gaussian(Random random, int n, int dim) {
        float[][] out = new float[n][dim];
        for (float[] row : out) {
            for (int d = 0; d < dim; d++) {
                row[d] = random.nextInt(4) == 0 ? 0f : (float) random.nextGaussian();
            }
        }
        return out;
    }
}
