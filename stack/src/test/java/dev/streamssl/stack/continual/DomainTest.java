package dev.streamssl.stack.continual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.schemas.Encoding;
import org.junit.jupiter.api.Test;

class DomainTest {
    @Test
    void theNewCameraInvertsBlursAndDarkensEachPlane() {
        // a 3×3 grey image, black with one white centre pixel
        byte[] pixels = new byte[9];
        pixels[4] = (byte) 255;
        byte[] seen = Domain.newCamera(pixels, 3, 1);
        // inverted: 255 everywhere but a 0 in the centre; every 3×3 box (edges repeated) of a
        // corner holds the centre once: (8·255 + 0) / 9 = 226.67 → 227, darkened by 40 → 187;
        // every box holds the centre once here (3×3 image), so all nine are 187
        for (byte b : seen) {
            assertThat(b & 0xFF).isEqualTo(187);
        }
        // a flat black image becomes flat 255 - 40 = 215
        byte[] flat = Domain.newCamera(new byte[16], 4, 1);
        for (byte b : flat) {
            assertThat(b & 0xFF).isEqualTo(215);
        }
    }

    @Test
    void theBlurRepeatsTheEdgeAndKeepsPlanesApart() {
        // 4×4, two planes: plane 0 white in its left column, plane 1 all black
        byte[] pixels = new byte[32];
        for (int y = 0; y < 4; y++) {
            pixels[y * 4] = (byte) 255;
        }
        byte[] seen = Domain.newCamera(pixels, 4, 2);
        // (0, 0): its box reads columns -1→0, 0, 1: inverted 0, 0, 255 per row → 3·255 / 9 = 85
        // → 45 after darkening; (0, 2): columns 1, 2, 3 all inverted 255 → 215
        assertThat(seen[0] & 0xFF).isEqualTo(45);
        assertThat(seen[2] & 0xFF).isEqualTo(215);
        // (0, 1): columns 0, 1, 2 → 0, 255, 255 → 170 → 130
        assertThat(seen[1] & 0xFF).isEqualTo(130);
        // plane 1 does not see plane 0
        assertThat(seen[16] & 0xFF).isEqualTo(215);
    }

    @Test
    void originalLeavesTheImageAndNewCameraKeepsItsLabel() {
        LabeledImage image =
                new LabeledImage("a", Encoding.RAW_U8, 2, 2, 1, new byte[4], 7, "test");
        assertThat(Domain.ORIGINAL.apply(image, 2, 1)).isSameAs(image);
        LabeledImage seen = Domain.NEW_CAMERA.apply(image, 2, 1);
        assertThat(seen.label()).isEqualTo(7);
        assertThat(seen.id()).isEqualTo("a/new-camera");
        assertThat(seen.data()).containsOnly((byte) 215);
    }
}
