package dev.streamssl.consumers.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClusterQualityTest {

    @Test
    void nmiIsOneForTheSamePartitionUnderOtherNamesAndZeroForIndependentOnes() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        assertThat(ClusterQuality.nmi(new int[] {7, 7, 3, 3, 9, 9}, labels))
                .isCloseTo(1, within(1e-12));
        // every cluster holds one of each of two labels: no information about the label
        assertThat(ClusterQuality.nmi(new int[] {0, 1, 0, 1}, new int[] {0, 0, 1, 1}))
                .isCloseTo(0, within(1e-12));
    }

    @Test
    void nmiMatchesTheFormulaOnASmallCase() {
        // clusters {0,0,1,1}, labels {0,1,1,1}: I = H(Y) − H(Y|C), arithmetic normalisation
        int[] c = {0, 0, 1, 1};
        int[] y = {0, 1, 1, 1};
        double hc = Math.log(2);
        double hy = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
        double hyGivenC = 0.5 * Math.log(2); // cluster 0 is split evenly, cluster 1 is pure
        double expected = 2 * (hy - hyGivenC) / (hc + hy);
        assertThat(ClusterQuality.nmi(c, y)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void entropyIsLogKForBalancedClustersAndZeroForOne() {
        assertThat(ClusterQuality.entropyBits(new int[] {0, 1, 2, 3, 0, 1, 2, 3}))
                .isCloseTo(2, within(1e-12));
        assertThat(ClusterQuality.entropyBits(new int[] {5, 5, 5})).isEqualTo(0);
    }
}
