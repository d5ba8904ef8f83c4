package dev.streamssl.learner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EffectiveRankTest {
    @Test
    void equalUseOfKDimensionsHasRankK() {
        // 8 rows: the 4 unit vectors, twice each, in 16 dimensions -> σ = (√2, √2, √2, √2, 0...)
        float[][] z = new float[8][16];
        for (int i = 0; i < 8; i++) {
            z[i][i % 4] = 1;
        }
        assertThat(EffectiveRank.of(z)).isCloseTo(4.0, within(1e-4));
    }

    @Test
    void aCollapsedBatchHasRankOne() {
        float[][] z = new float[32][8];
        for (float[] row : z) {
            Arrays.fill(row, 0.5f);
        }
        assertThat(EffectiveRank.of(z)).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void matchesTheFormulaForKnownSingularValues() {
        // rows 3·e1 and 1·e2: σ = (3, 1), p = (3/4, 1/4)
        float[][] z = {{3, 0, 0}, {0, 1, 0}};
        double expected = Math.exp(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)));
        assertThat(EffectiveRank.of(z)).isCloseTo(expected, within(1e-5));
    }

    @Test
    void singularValuesOfARotatedMatrixAreFoundFromEitherGram() {
        // Z = U diag(5, 2) with a 30° rotation U, padded to 3 dimensions
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        float[][] wide = {
            {(float) (5 * c), (float) (-2 * s), 0}, {(float) (5 * s), (float) (2 * c), 0}
        };
        double[] sigma = EffectiveRank.singularValues(wide);
        Arrays.sort(sigma);
        assertThat(sigma[1]).isCloseTo(5, within(1e-5));
        assertThat(sigma[0]).isCloseTo(2, within(1e-5));
        float[][] tall = new float[3][2]; // the transpose: more rows than dimensions
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                tall[j][i] = wide[i][j];
            }
        }
        double[] same = EffectiveRank.singularValues(tall);
        Arrays.sort(same);
        assertThat(same[1]).isCloseTo(5, within(1e-5));
        assertThat(same[0]).isCloseTo(2, within(1e-5));
    }

    @Test
    void randomGaussianEmbeddingsUseMostDimensions() {
        Random random = new Random(7);
        float[][] z = new float[256][32];
        for (float[] row : z) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        assertThat(EffectiveRank.of(z)).isBetween(28.0, 32.0);
    }
}
