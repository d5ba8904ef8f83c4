package dev.streamssl.learner.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.torch.GradMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ColorOpsTest {

    @BeforeEach
    void noGrad() {
        GradMode.disable();
    }

    @Test
    void hsvRoundTripIsTheIdentityAndAThirdTurnMapsRedToGreen() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(3, 3, 5, 5));
            NDArray back = ColorOps.hue(x, m.zeros(new Shape(3, 1, 1, 1)));
            assertThat(back.sub(x).abs().max().getFloat()).isLessThan(1e-5f);

            NDArray red = m.create(new float[] {1, 0, 0}, new Shape(1, 3, 1, 1));
            NDArray green =
                    ColorOps.hue(red, m.create(new float[] {1f / 3}, new Shape(1, 1, 1, 1)));
            assertThat(green.toFloatArray()).containsExactly(new float[] {0, 1, 0}, within(1e-5f));
        }
    }

    @Test
    void grayscaleOfAGreyImageIsItself() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray grey = m.randomUniform(0, 1, new Shape(2, 1, 4, 4));
            assertThat(PixelOps.randomGrayscale(grey, 1.0, new StreamRandom(1)).toFloatArray())
                    .isEqualTo(grey.toFloatArray());
            NDArray rgbOfGrey = grey.repeat(1, 3);
            NDArray y = PixelOps.randomGrayscale(rgbOfGrey, 1.0, new StreamRandom(1));
            assertThat(y.sub(rgbOfGrey).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void solarizeInvertsFromTheThresholdUp() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.1f, 0.49f, 0.5f, 0.9f}, new Shape(1, 1, 1, 4));
            assertThat(ColorOps.solarize(x, 0.5f).toFloatArray())
                    .containsExactly(new float[] {0.1f, 0.49f, 0.5f, 0.1f}, within(1e-6f));
        }
    }

    @Test
    void jitterWithUnitFactorsIsTheIdentityAndBrightnessScales() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 0.5f, new Shape(2, 3, 4, 4));
            int[][] order = {{0, 1, 2, 3}, {3, 2, 1, 0}};
            boolean[] all = {true, true, true, true};
            ColorJitter.Draw unit =
                    new ColorJitter.Draw(
                            new float[] {1, 1},
                            new float[] {1, 1},
                            new float[] {1, 1},
                            new float[] {0, 0},
                            order);
            assertThat(ColorJitter.apply(x, unit, all).sub(x).abs().max().getFloat())
                    .isLessThan(1e-5f);
            ColorJitter.Draw brighter =
                    new ColorJitter.Draw(
                            new float[] {1.5f, 1},
                            new float[] {1, 1},
                            new float[] {1, 1},
                            new float[] {0, 0},
                            order);
            NDArray y = ColorJitter.apply(x, brighter, all);
            assertThat(y.get(0).sub(x.get(0).mul(1.5f)).abs().max().getFloat()).isLessThan(1e-5f);
            assertThat(y.get(1).sub(x.get(1)).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void blurKeepsAConstantImageAndSmoothsNoise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray flat = m.ones(new Shape(1, 1, 20, 20)).mul(0.3f);
            assertThat(
                            GaussianBlur.apply(flat, new float[] {1.5f})
                                    .sub(0.3f)
                                    .abs()
                                    .max()
                                    .getFloat())
                    .isLessThan(1e-5f);
            NDArray noise = m.randomUniform(0, 1, new Shape(2, 1, 20, 20));
            NDArray y = GaussianBlur.apply(noise, new float[] {1.5f, 0f});
            assertThat(variance(y.get(0))).isLessThan(variance(noise.get(0)) / 2);
            assertThat(y.get(1).sub(noise.get(1)).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }

    @Test
    void fourQuarterTurnsAreTheIdentityAndOneTurnIsCounterClockwise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            // [[1,2],[3,4]] turned 90° counter-clockwise is [[2,4],[1,3]]
            assertThat(RotationPolicy.rotate(x, new int[] {1}).toFloatArray())
                    .containsExactly(2, 4, 1, 3);
            NDArray y = x;
            for (int i = 0; i < 4; i++) {
                y = RotationPolicy.rotate(y, new int[] {1});
            }
            assertThat(y.toFloatArray()).containsExactly(1, 2, 3, 4);
            assertThat(RotationPolicy.rotate(x, new int[] {2}).toFloatArray())
                    .containsExactly(4, 3, 2, 1);
        }
    }

    private static float variance(NDArray a) {
        return a.sub(a.mean()).square().mean().getFloat();
    }
}
