package dev.streamssl.learner.augment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
    }

    /**
     * The pipeline's own decisions, counted on what it does to images: of 2 000 images, the share
     * the flip mirrors, grayscale turns grey, blur smooths and solarization inverts matches each
     * configured probability within 3σ.
     */
    @Test
    void thePipelinesFlipGrayscaleBlurAndSolarizeFireWithTheirProbabilities() {
        int n = 2_000;
        int side = 8;
        try (NDManager m = NDManager.newBaseManager()) {
            // RGB images: dark left half, bright right half, different per channel
            float[] pixels = new float[n * 3 * side * side];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < side; y++) {
                        for (int x = 0; x < side; x++) {
                            pixels[((i * 3 + c) * side + y) * side + x] =
                                    x < side / 2 ? 0.1f * c : 0.6f + 0.1f * c;
                        }
                    }
                }
            }
            NDArray images = m.create(pixels, new Shape(n, 3, side, side));
            float[] mean = {0, 0, 0};
            float[] std = {1, 1, 1};

            ViewPipeline flipOnly =
                    new ViewPipeline(
                            AugmentationSettings.builder(side, mean, std)
                                    .flipProbability(0.5)
                                    .build());
            float[] flipped = flipOnly.apply(images, new StreamRandom(3)).toFloatArray();
            int mirrored = 0;
            for (int i = 0; i < n; i++) {
                // the top-left pixel of channel 0 is dark unless the image was mirrored
                mirrored += flipped[i * 3 * side * side] > 0.3f ? 1 : 0;
            }
            assertWithinThreeSigma(mirrored, 0.5, n);

            float[] grey =
                    PixelOps.randomGrayscale(images, 0.2, new StreamRandom(4)).toFloatArray();
            int greyed = 0;
            for (int i = 0; i < n; i++) {
                int r = (i * 3) * side * side;
                int g = (i * 3 + 1) * side * side;
                greyed += Math.abs(grey[r] - grey[g]) < 1e-6 ? 1 : 0;
            }
            assertWithinThreeSigma(greyed, 0.2, n);

            float[] solar =
                    PixelOps.randomSolarize(images, 0.2, new StreamRandom(5)).toFloatArray();
            int inverted = 0;
            for (int i = 0; i < n; i++) {
                // a bright right-half pixel (0.6 in channel 0) becomes 0.4 when solarized
                inverted += solar[i * 3 * side * side + side - 1] < 0.5f ? 1 : 0;
            }
            assertWithinThreeSigma(inverted, 0.2, n);

            AugmentationSettings blurHalf =
                    AugmentationSettings.builder(side, mean, std).blur(0.5, 20, 40).build();
            float[] blurred =
                    GaussianBlur.apply(images, blurHalf, new StreamRandom(6)).toFloatArray();
            int smoothed = 0;
            for (int i = 0; i < n; i++) {
                // the pixel left of the edge, channel 0, is 0.0 unless blurred
                smoothed += blurred[i * 3 * side * side + side / 2 - 1] > 0.01f ? 1 : 0;
            }
            assertWithinThreeSigma(smoothed, 0.5, n);
        }
    }

    private static void assertWithinThreeSigma(int count, double p, int n) {
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) count).isBetween(n * p - 3 * sigma, n * p + 3 * sigma);
    }

    private static void assertWithinThreeSigma(int count, double p) {
        double sigma = Math.sqrt(N * p * (1 - p));
        assertThat((double) count).isBetween(N * p - 3 * sigma, N * p + 3 * sigma);
    }
}
