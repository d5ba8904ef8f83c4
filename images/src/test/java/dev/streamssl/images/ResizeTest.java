package dev.streamssl.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResizeTest {
    @Test
    void averagesAOnePixelCheckerboardToMeanGreyOnA16xDownscale() {
        Pixels board = TestPictures.rgb(512, 384, (x, y) -> grey((x + y) % 2 == 0 ? 255 : 0));
        Pixels small = Resize.shortSideCenterCrop(board, 24); // 384 / 24 = 16×
        for (byte b : small.data()) {
            // mean 127.5: aliasing would give 0 or 255
            assertThat(b & 0xFF).isBetween(126, 130);
        }
    }

    @Test
    void keepsTheAspectRatioByCroppingTheLongSide() {
        // four vertical bands of 100 px: the centre square [150, 250) holds half of B and half of C
        int[][] bands = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}};
        Pixels wide = TestPictures.rgb(400, 100, (x, y) -> bands[x / 100]);
        Pixels square = Resize.shortSideCenterCrop(wide, 50);
        assertThat(square.width()).isEqualTo(50);
        assertThat(square.height()).isEqualTo(50);
        assertThat(ImageFileTest.rgb(square, 5, 25)).containsExactly(0, 255, 0);
        assertThat(ImageFileTest.rgb(square, 44, 25)).containsExactly(0, 0, 255);
    }

    @Test
    void matchesTheTriangleFilterFormulaOnARamp() {
        // 4 → 2 of [0, 10, 20, 30]: step 2, output 0 samples x = 0.5 with support 2, weights
        // (0.75, 0.75, 0.25) on pixels 0..2 → (0 + 7.5 + 5) / 1.75 = 7.14 → 7; output 1 samples
        // x = 2.5: weights (0.25, 0.75, 0.75) on 1..3 → (2.5 + 15 + 22.5) / 1.75 = 22.86 → 23.
        // PIL's BILINEAR resize gives the same numbers.
        Pixels ramp = new Pixels(4, 1, 1, new byte[] {0, 10, 20, 30});
        Pixels half = Resize.box(ramp, 0, 0, 1, 4, 1, 2);
        assertThat(half.data()).containsExactly(7, 23);
    }

    @Test
    void leavesAnImageOfTheTargetSizeAlone() {
        Pixels p = TestPictures.gradient(28, 28);
        assertThat(Resize.shortSideCenterCrop(p, 28)).isSameAs(p);
    }

    @Test
    void upscalesBilinearly() {
        Pixels two = new Pixels(2, 1, 1, new byte[] {0, (byte) 200});
        // 2 → 4: x = 0.5·(o + 0.5) − 0.5 = −0.25, 0.25, 0.75, 1.25 → 0, 50, 150, 200
        assertThat(Resize.box(two, 0, 0, 1, 2, 1, 4).data())
                .containsExactly(0, 50, (byte) 150, (byte) 200);
    }

    @Test
    void fitsTheLongSideKeepingTheAspect() {
        Pixels photo = TestPictures.gradient(4032, 3024);
        Pixels fitted = Resize.fitLongSide(photo, 1024);
        assertThat(fitted.width()).isEqualTo(1024);
        assertThat(fitted.height()).isEqualTo(768);
        assertThat(Resize.fitLongSide(fitted, 1024)).isSameAs(fitted);
    }

    private static int[] grey(int v) {
        return new int[] {v, v, v};
    }
}
