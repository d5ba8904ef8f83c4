package dev.streamssl.learner.augment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.torch.GradMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @BeforeEach
    void noGrad() {
        GradMode.disable();
    }

    @Test
    void fullCropWithoutFlipIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 8, 8));
            NDArray y =
                    Resampler.cropResizeFlip(
                            x,
                            new float[2],
                            new float[2],
                            new float[] {8, 8},
                            new float[] {8, 8},
                            new float[2],
                            8);
            assertThat(y.sub(x).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void cropOfAKnownBoxAtItsOwnSizeEqualsSlicing() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(1, 1, 10, 10));
            NDArray y =
                    Resampler.cropResizeFlip(
                            x,
                            new float[] {2},
                            new float[] {3},
                            new float[] {5},
                            new float[] {5},
                            new float[] {0},
                            5);
            NDArray direct = x.get(new NDIndex(":, :, 2:7, 3:8"));
            assertThat(y.sub(direct).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void flipMirrorsTheColumnsAndTwiceIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(1, 1, 6, 6));
            float[] full = {6};
            NDArray once =
                    Resampler.cropResizeFlip(
                            x, new float[1], new float[1], full, full, new float[] {1}, 6);
            assertThat(once.sub(x.flip(3)).abs().max().getFloat()).isLessThan(1e-5f);
            NDArray twice =
                    Resampler.cropResizeFlip(
                            once, new float[1], new float[1], full, full, new float[] {1}, 6);
            assertThat(twice.sub(x).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void shrinkingAveragesInsteadOfSkippingPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // a 1-pixel-period stripe pattern shrunk 2×: antialiasing gives the mean grey, 0.5
            float[] stripes = new float[8 * 8];
            for (int i = 0; i < stripes.length; i++) {
                stripes[i] = (i % 2 == 0) ? 1f : 0f;
            }
            NDArray x = m.create(stripes, new Shape(1, 1, 8, 8));
            NDArray y =
                    Resampler.cropResizeFlip(
                            x,
                            new float[1],
                            new float[1],
                            new float[] {8},
                            new float[] {8},
                            new float[1],
                            4);
            assertThat(y.sub(0.5f).abs().max().getFloat()).isLessThan(0.2f);
        }
    }
}
