package dev.streamssl.learner.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MmdDriftTest {
    private static final int DIM = 32;

    /** A ten-cluster mixture in 32 dimensions, as a trained encoder's embeddings roughly are. */
    private static float[][] mixture(Random random, int n, float[][] centers, double noise) {
        float[][] rows = new float[n][DIM];
        for (int i = 0; i < n; i++) {
            float[] c = centers[random.nextInt(centers.length)];
            for (int d = 0; d < DIM; d++) {
                rows[i][d] = (float) (c[d] + noise * random.nextGaussian());
            }
        }
        return rows;
    }

    private static float[][] centers(Random random, int count) {
        float[][] centers = new float[count][DIM];
        for (float[] c : centers) {
            for (int d = 0; d < DIM; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        return centers;
    }

    @Test
    void statisticEqualsTheClosedFormOnTwoPointMasses() {
        // reference: 4 copies of e1 and 4 of e2 (orthogonal unit vectors); the median squared
        // distance between distinct rows is 2 (16 of the 28 pairs are across), so σ² = 1 and
        // k(e1, e2) = exp(−2 / 2) = 1/e. Recent: 4 copies of e1. By hand:
        //   XX: (2·4·3·1 + 2·16/e) / (8·7) = (3 + 4/e) / 7
        //   YY: 1;   XY: 2·(4·4·1 + 4·4/e) / (8·4) = 1 + 1/e
        float[][] reference = new float[8][4];
        for (int i = 0; i < 8; i++) {
            reference[i][i < 4 ? 0 : 1] = 2.5f; // not unit: the detector normalises
        }
        float[][] recent = new float[4][4];
        for (float[] row : recent) {
            row[0] = 1;
        }
        MmdDrift drift = new MmdDrift(reference, 4, 100, 0.01, 1);
        double expected = (3 + 4 / Math.E) / 7 + 1 - (1 + 1 / Math.E);
        assertThat(drift.statistic(recent)).isCloseTo(expected, within(1e-9));
        assertThat(expected).isCloseTo(0.270909, within(1e-6));
    }

    @Test
    void windowsFromTheReferenceDistributionAlarmLessThanOnceInAHundredAndShiftedOnesAlways() {
        // eight references, 200 windows each, at the default rate (1 in 200) and 1000 draws: the
        // rate holds over references, not for one fixed reference, so it is measured over several
        int falseAlarms = 0;
        for (int r = 0; r < 8; r++) {
            Random random = new Random(100 + r);
            float[][] centers = centers(random, 10);
            MmdDrift drift = new MmdDrift(mixture(random, 512, centers, 0.5), 128, 1000, 0.005, r);
            for (int w = 0; w < 200; w++) {
                falseAlarms += drift.drifted(mixture(random, 128, centers, 0.5)) ? 1 : 0;
            }
        }
        // at most 1 in 100 of 1600 windows; measured with these seeds: 12
        assertThat(falseAlarms).isLessThanOrEqualTo(16).isEqualTo(12);

        Random random = new Random(7);
        float[][] centers = centers(random, 10);
        MmdDrift drift = new MmdDrift(mixture(random, 512, centers, 0.5), 128, 1000, 0.005, 11);
        // a new class appears: three of the ten clusters swapped for unseen ones ("new products")
        float[][] shifted = Arrays.copyOf(centers, 10);
        float[][] fresh = centers(random, 3);
        System.arraycopy(fresh, 0, shifted, 0, 3);
        // a "new camera": every embedding moved by a fixed offset a third of a cluster's spread
        float[][] moved = new float[10][];
        float[] offset = centers(random, 1)[0];
        for (int c = 0; c < 10; c++) {
            moved[c] = centers[c].clone();
            for (int d = 0; d < DIM; d++) {
                moved[c][d] += 0.35f * offset[d];
            }
        }
        int detectedClasses = 0;
        int detectedDomain = 0;
        for (int w = 0; w < 100; w++) {
            detectedClasses += drift.drifted(mixture(random, 128, shifted, 0.5)) ? 1 : 0;
            detectedDomain += drift.drifted(mixture(random, 128, moved, 0.5)) ? 1 : 0;
        }
        assertThat(detectedClasses).isEqualTo(100);
        assertThat(detectedDomain).isGreaterThanOrEqualTo(95);
    }

    @Test
    void theThresholdIsAQuantileOfTheReferenceSplitsAndStableForASeed() {
        Random random = new Random(3);
        float[][] reference = mixture(random, 256, centers(random, 5), 0.3);
        MmdDrift a = new MmdDrift(reference, 64, 100, 0.01, 5);
        MmdDrift b = new MmdDrift(reference, 64, 100, 0.01, 5);
        MmdDrift loose = new MmdDrift(reference, 64, 100, 0.2, 5);
        assertThat(a.threshold()).isEqualTo(b.threshold());
        assertThat(loose.threshold()).isLessThan(a.threshold());
        // the reference compared with itself is no drift at all
        assertThat(a.statistic(reference)).isLessThan(a.threshold());
    }

    @Test
    void refusesAReferenceTooSmallOrARateItCannotCalibrate() {
        float[][] reference = new float[100][4];
        assertThatThrownBy(() -> new MmdDrift(reference, 64, 100, 0.01, 1))
                .hasMessageContaining("at least twice the window (128 embeddings), got 100");
        assertThatThrownBy(() -> new MmdDrift(reference, 32, 50, 0.01, 1))
                .hasMessageContaining("at least one in 50 calibration draws");
    }
}
