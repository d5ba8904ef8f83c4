package dev.streamssl.learner.augment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.random.StreamRandom;
import org.junit.jupiter.api.Test;

/** The random draws follow their configured ranges and probabilities (±3σ over many draws). */
class DrawStatisticsTest {
    private static final int N = 20_000;

    @Test
    void cropAreasAndRatiosStayInRangeAndSpreadOverIt() {
        AugmentationSettings s =
                AugmentationSettings.builder(32, new float[] {0}, new float[] {1})
                        .cropScale(0.2, 1.0)
                        .cropRatio(3.0 / 4, 4.0 / 3)
                        .build();
        StreamRandom random = new StreamRandom(11);
        int small = 0;
        int large = 0;
        int wide = 0;
        int narrow = 0;
        for (int i = 0; i < N; i++) {
            CropBox box = CropBox.draw(224, 224, s, random);
            double area = box.height() * box.width() / (224.0 * 224);
            double ratio = box.width() / box.height();
            // rounding to whole pixels moves area and ratio slightly past the bounds
            assertThat(area).isBetween(0.19, 1.0);
            assertThat(ratio).isBetween(0.74, 1.35);
            assertThat(box.top() + box.height()).isLessThanOrEqualTo(224);
            small += area < 0.4 ? 1 : 0;
            large += area > 0.8 ? 1 : 0;
            wide += ratio > 1 ? 1 : 0;
            narrow += ratio < 1 ? 1 : 0;
        }
        // area ~ U[0.2, 1]: a quarter below 0.4 and above 0.8, shifted a little towards small
        // areas because a large area with an extreme ratio does not fit and is drawn again
        assertThat(small).isBetween((int) (N * 0.22), (int) (N * 0.34));
        assertThat(large).isBetween((int) (N * 0.08), (int) (N * 0.2));
        // log-uniform ratio: as many crops wider than tall as taller than wide
        assertThat((double) Math.abs(wide - narrow)).isLessThan(3 * Math.sqrt(wide + narrow));
    }

    @Test
    void eachOperationFiresWithItsProbability() {
        AugmentationSettings s =
                AugmentationSettings.builder(32, new float[] {0}, new float[] {1})
                        .jitter(0.8, 0.4, 0.4, 0.4, 0.1)
                        .build();
        ColorJitter.Draw d = ColorJitter.draw(N, s, new StreamRandom(2));
        int jittered = 0;
        int[] firstOp = new int[4];
        for (int i = 0; i < N; i++) {
            jittered += d.brightness()[i] != 1f ? 1 : 0;
            assertThat(d.brightness()[i]).isBetween(0.6f, 1.4f);
            assertThat(d.hue()[i]).isBetween(-0.1f, 0.1f);
            firstOp[d.order()[i][0]]++;
        }
        assertWithinThreeSigma(jittered, 0.8);
        for (int op = 0; op < 4; op++) {
            assertWithinThreeSigma(firstOp[op], 0.25);
        }
        StreamRandom random = new StreamRandom(3);
        int flips = 0;
        int coins = 0;
        for (int i = 0; i < N; i++) {
            flips += random.bernoulli(0.5) ? 1 : 0;
            coins += random.bernoulli(0.2) ? 1 : 0;
        }
        assertWithinThreeSigma(flips, 0.5);
        assertWithinThreeSigma(coins, 0.2);
    }

    private static void assertWithinThreeSigma(int count, double p) {
        double sigma = Math.sqrt(N * p * (1 - p));
        assertThat((double) count).isBetween(N * p - 3 * sigma, N * p + 3 * sigma);
    }
}
