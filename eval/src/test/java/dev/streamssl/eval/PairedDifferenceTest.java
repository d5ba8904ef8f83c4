package dev.streamssl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
    @Test
    void countsDisagreementsAndGivesTheStandardErrorOfTheMeanDifference() {
        // 10 images: A right on 0-5, B right on 3-9 -> only A: 0,1,2 (3); only B: 6,7,8,9 (4)
        boolean[] a = new boolean[10];
        boolean[] b = new boolean[10];
        for (int i = 0; i < 10; i++) {
            a[i] = i <= 5;
            b[i] = i >= 3;
        }
        PairedDifference d = PairedDifference.of(a, b);
        assertThat(d.onlyFirstRight()).isEqualTo(3);
        assertThat(d.onlySecondRight()).isEqualTo(4);
        assertThat(d.difference()).isCloseTo(0.1, within(1e-12));
        // d_i: three -1, four +1, three 0; mean 0.1; population variance E[d^2] - 0.01 = 0.69
        double[] di = {-1, -1, -1, 0, 0, 0, 1, 1, 1, 1};
        double mean = 0;
        for (double x : di) {
            mean += x / di.length;
        }
        double var = 0;
        for (double x : di) {
            var += (x - mean) * (x - mean) / di.length;
        }
        assertThat(d.standardError()).isCloseTo(Math.sqrt(var / di.length), within(1e-12));
        assertThat(d.z()).isCloseTo(0.1 / Math.sqrt(0.069), within(1e-9));
    }

    @Test
    void theStandardErrorMatchesTheSpreadOfBootstrapResamples() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 4000;
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextDouble() < 0.75;
            b[i] = random.nextDouble() < 0.1 ? !a[i] : a[i];
        }
        PairedDifference d = PairedDifference.of(a, b);
        int rounds = 2000;
        double sum = 0;
        double sumSq = 0;
        for (int r = 0; r < rounds; r++) {
            int diff = 0;
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                diff += (b[j] ? 1 : 0) - (a[j] ? 1 : 0);
            }
            double x = diff / (double) n;
            sum += x;
            sumSq += x * x;
        }
        double spread = Math.sqrt(sumSq / rounds - (sum / rounds) * (sum / rounds));
        assertThat(d.standardError()).isCloseTo(spread, within(0.1 * spread));
    }

    @Test
    void refusesTestSetsOfDifferentSizes() {
        assertThatThrownBy(() -> PairedDifference.of(new boolean[3], new boolean[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 and 4");
    }
}
