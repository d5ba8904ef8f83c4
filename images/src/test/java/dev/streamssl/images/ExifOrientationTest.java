package dev.streamssl.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExifOrientationTest {
    private static final int W = 60;
    private static final int H = 40;

    /**
     * A stored (landscape) image, white with a red block at its top-left corner (row 0, column 0)
     * and a green block at its top-right corner (row 0, last column).
     */
    private static Pixels stored() {
        return TestPictures.rgb(
                W,
                H,
                (x, y) -> {
                    if (y < 8 && x < 8) {
                        return new int[] {255, 0, 0};
                    }
                    if (y < 8 && x >= W - 8) {
                        return new int[] {0, 255, 0};
                    }
                    return new int[] {255, 255, 255};
                });
    }

    /**
     * Where the red and green blocks must show, from the EXIF table of where row 0 and column 0
     * belong on screen (1 top/left, 2 top/right, 3 bottom/right, 4 bottom/left, 5 left/top, 6
     * right/top, 7 right/bottom, 8 left/bottom): red sits where row 0 meets column 0, green where
     * row 0 meets the last column.
     */
    @ParameterizedTest
    @CsvSource({
        "1, top-left, top-right",
        "2, top-right, top-left",
        "3, bottom-right, bottom-left",
        "4, bottom-left, bottom-right",
        "5, top-left, bottom-left",
        "6, top-right, bottom-right",
        "7, bottom-right, top-right",
        "8, bottom-left, top-left"
    })
    void showsTheStoredCornersWhereTheTagSays(int orientation, String red, String green)
            throws Exception {
        byte[] jpeg =
                CameraFiles.withExifOrientation(
                        CameraFiles.jpeg(stored(), 0.98f, false), orientation);
        ImageHeader header = ImageFile.probe(jpeg);
        assertThat(header.orientation()).isEqualTo(orientation);
        Pixels shown = ImageFile.decode(jpeg);
        boolean portrait = orientation >= 5;
        assertThat(shown.width()).isEqualTo(portrait ? H : W);
        assertThat(shown.height()).isEqualTo(portrait ? W : H);
        ImageFileTest.near(corner(shown, red), 255, 0, 0);
        ImageFileTest.near(corner(shown, green), 0, 255, 0);
    }

    @Test
    void keepsAPhonePortraitAPortrait() throws Exception {
        // a phone held upright stores a landscape frame and orientation 6
        byte[] jpeg = CameraFiles.withExifOrientation(CameraFiles.jpeg(stored(), 0.9f, false), 6);
        ImageHeader header = ImageFile.probe(jpeg);
        assertThat(header.width()).isEqualTo(W);
        assertThat(header.displayWidth()).isEqualTo(H);
        assertThat(header.displayHeight()).isEqualTo(W);
    }

    @Test
    void readsTheOrientationOfAPngExifChunk() throws Exception {
        byte[] png = withExifChunk(CameraFiles.png(stored(), CameraFiles.PngKind.RGB), 8);
        assertThat(ImageFile.probe(png).orientation()).isEqualTo(8);
        Pixels shown = ImageFile.decode(png);
        assertThat(ImageFileTest.rgb(shown, 2, W - 3)).containsExactly(255, 0, 0);
    }

    @Test
    void aFileWithoutExifIsAsStored() throws Exception {
        assertThat(ImageFile.probe(CameraFiles.jpeg(stored(), 0.9f, false)).orientation())
                .isEqualTo(1);
    }

    private static int[] corner(Pixels p, String where) {
        int x = where.endsWith("left") ? 3 : p.width() - 4;
        int y = where.startsWith("top") ? 3 : p.height() - 4;
        return ImageFileTest.rgb(p, x, y);
    }

    /** The PNG with an eXIf chunk (a little-endian TIFF with Orientation) after IHDR. */
    private static byte[] withExifChunk(byte[] png, int orientation) {
        byte[] tiff = {
            'I',
            'I',
            42,
            0,
            8,
            0,
            0,
            0,
            1,
            0,
            0x12,
            0x01,
            3,
            0,
            1,
            0,
            0,
            0,
            (byte) orientation,
            0,
            0,
            0,
            0,
            0,
            0,
            0
        };
        int ihdrEnd = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, ihdrEnd);
        byte[] type = {'e', 'X', 'I', 'f'};
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(tiff.length);
        out.write(type, 0, 4);
        out.write(tiff, 0, tiff.length);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(tiff);
        long v = crc.getValue();
        out.write((int) (v >> 24));
        out.write((int) (v >> 16));
        out.write((int) (v >> 8));
        out.write((int) v);
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }
}
