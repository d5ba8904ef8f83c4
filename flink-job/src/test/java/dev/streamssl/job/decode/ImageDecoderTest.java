package dev.streamssl.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.images.CameraFiles;
import dev.streamssl.images.Pixels;
import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.Encoding;
import dev.streamssl.schemas.ImageRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder grey28 = new ImageDecoder(1, 28, 1024, 1 << 20, 1L << 20, 64);
    private final ImageDecoder rgb4 = new ImageDecoder(3, 4, 1024, 1 << 20, 1L << 20, 64);

    @Test
    void passesRawGreyPixelsThrough() throws Exception {
        byte[] pixels = new byte[28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        assertThat(grey28.decode(record(Encoding.RAW_U8, 28, 28, 1, pixels))).isEqualTo(pixels);
    }

    @Test
    void convertsAnRgbPngToGreyWithTheLumaWeights() throws Exception {
        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                rgb.setRGB(x, y, (200 << 16) | (100 << 8) | 50);
            }
        }
        byte[] out = grey28.decode(record(Encoding.PNG, 28, 28, 3, png(rgb)));
        int expected = (int) Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50);
        assertThat(out[0] & 0xFF).isEqualTo(expected);
        assertThat(out[27 * 28 + 27] & 0xFF).isEqualTo(expected);
    }

    @Test
    void resizesOtherSizesToTheModelInput() throws Exception {
        // left half black, right half white, at twice the model's size: the resized image keeps
        // the edge between columns 13 and 14, and the corners' values
        BufferedImage big = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 56; y++) {
            for (int x = 28; x < 56; x++) {
                big.getRaster().setSample(x, y, 0, 255);
            }
        }
        byte[] out = grey28.decode(record(Encoding.PNG, 56, 56, 1, png(big)));
        assertThat(out).hasSize(28 * 28);
        for (int y = 0; y < 28; y++) {
            assertThat(out[y * 28] & 0xFF).isZero();
            assertThat(out[y * 28 + 12] & 0xFF).isZero();
            assertThat(out[y * 28 + 15] & 0xFF).isEqualTo(255);
            assertThat(out[y * 28 + 27] & 0xFF).isEqualTo(255);
        }
    }

    @Test
    void keepsRawRgbChannelsInChwOrder() throws Exception {
        // a 4×4 RGB image whose planes are constant 10, 20, 30
        byte[] chw = new byte[3 * 16];
        for (int i = 0; i < 16; i++) {
            chw[i] = 10;
            chw[16 + i] = 20;
            chw[32 + i] = 30;
        }
        assertThat(rgb4.decode(record(Encoding.RAW_U8, 4, 4, 3, chw))).isEqualTo(chw);
    }

    @Test
    void decodesAnRgbPngIntoChwPlanes() throws Exception {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, (x * 60 << 16) | (y * 60 << 8) | 7);
            }
        }
        byte[] out = rgb4.decode(record(Encoding.PNG, 4, 4, 3, png(image)));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out[y * 4 + x] & 0xFF).isEqualTo(x * 60);
                assertThat(out[16 + y * 4 + x] & 0xFF).isEqualTo(y * 60);
                assertThat(out[32 + y * 4 + x] & 0xFF).isEqualTo(7);
            }
        }
    }

    @Test
    void replicatesAGreyImageForAnRgbModel() throws Exception {
        byte[] grey = new byte[16];
        java.util.Arrays.fill(grey, (byte) 99);
        byte[] out = rgb4.decode(record(Encoding.RAW_U8, 4, 4, 1, grey));
        for (byte v : out) {
            assertThat(v & 0xFF).isEqualTo(99);
        }
    }

    @Test
    void rejectsMorePixelsThanTheBudgetWithoutOverflow() {
        // 37 838 × 37 837 × 3 overflows an int to a small positive number; the sides pass a raised
        // side limit, the pixel budget does not
        ImageDecoder wide = new ImageDecoder(1, 28, 65_536, 1 << 20, 16_777_216L, 64);
        assertThatThrownBy(
                        () ->
                                wide.decode(
                                        record(
                                                Encoding.RAW_U8,
                                                37_838,
                                                37_837,
                                                3,
                                                new byte[61_922])))
                .hasMessageContaining("input.max-pixels")
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.TOO_LARGE));
        // within the budget, the byte count is compared in 64 bits
        ImageDecoder huge = new ImageDecoder(1, 28, 65_536, 1 << 20, 1L << 32, 64);
        assertThatThrownBy(
                        () ->
                                huge.decode(
                                        record(
                                                Encoding.RAW_U8,
                                                37_838,
                                                37_837,
                                                3,
                                                new byte[61_922])))
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.SIZE_MISMATCH));
    }

    @Test
    void rejectsEmptyAndOversizedIds() {
        byte[] pixels = new byte[28 * 28];
        assertThatThrownBy(() -> grey28.decode(record("", Encoding.RAW_U8, 28, 28, 1, pixels)))
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.BAD_ID));
        assertThatThrownBy(
                        () ->
                                grey28.decode(
                                        record("x".repeat(65), Encoding.RAW_U8, 28, 28, 1, pixels)))
                .hasMessageContaining("input.max-id-length")
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.BAD_ID));
    }

    @Test
    void rejectsAJpegDeclaredAsPng() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "jpg", jpeg);
        assertThatThrownBy(() -> grey28.decode(record(Encoding.PNG, 28, 28, 1, jpeg.toByteArray())))
                .hasMessageContaining("declares PNG")
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.ENCODING_MISMATCH));
    }

    @Test
    void rejectsAFileWithOtherChannelsThanDeclared() throws Exception {
        byte[] rgbFile = png(new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB));
        assertThatThrownBy(() -> grey28.decode(record(Encoding.PNG, 28, 28, 1, rgbFile)))
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.CHANNEL_MISMATCH));
    }

    @Test
    void rejectsAHeaderThatDisagreesWithTheRecord() throws Exception {
        byte[] file = png(new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY));
        assertThatThrownBy(() -> grey28.decode(record(Encoding.PNG, 28, 28, 1, file)))
                .isInstanceOf(ImageDecoder.RejectedImage.class)
                .hasMessageContaining("30x20")
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.SIZE_MISMATCH));
    }

    @Test
    void rejectsOversizedDeclarationsBeforeDecoding() {
        assertThatThrownBy(
                        () -> grey28.decode(record(Encoding.PNG, 50_000, 50_000, 3, new byte[10])))
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.BAD_DIMENSIONS));
    }

    @Test
    void rejectsAFileThatIsNoImage() {
        assertThatThrownBy(
                        () ->
                                grey28.decode(
                                        record(Encoding.JPEG, 28, 28, 1, new byte[] {1, 2, 3, 4})))
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.UNDECODABLE_IMAGE));
    }

    @Test
    void rejectsRawDataOfTheWrongLength() {
        assertThatThrownBy(() -> grey28.decode(record(Encoding.RAW_U8, 28, 28, 1, new byte[27])))
                .hasMessageContaining("needs 784 bytes")
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.SIZE_MISMATCH));
    }

    @Test
    void rejectsUnsupportedChannelCounts() {
        assertThatThrownBy(() -> grey28.decode(record(Encoding.RAW_U8, 2, 2, 4, new byte[16])))
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.BAD_DIMENSIONS));
    }

    /** A 120×40 photo: red left third, green middle third, blue right third. */
    private static Pixels bands() {
        byte[] data = new byte[3 * 120 * 40];
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 120; x++) {
                data[(x / 40) * 4800 + y * 120 + x] = (byte) 255;
            }
        }
        return new Pixels(120, 40, 3, data);
    }

    @Test
    void acceptsAPalettePngDeclaredAsThreeChannels() throws Exception {
        // a palette PNG's header has one band (the index) but three colour channels
        byte[] file = CameraFiles.png(bands(), CameraFiles.PngKind.PALETTE);
        byte[] out = rgb4.decode(record(Encoding.PNG, 120, 40, 3, file));
        assertThat(out).hasSize(3 * 16);
    }

    @Test
    void acceptsCmykJpegDeclaredAsThreeChannels() throws Exception {
        byte[] file = CameraFiles.cmykJpeg(bands(), false);
        assertThat(rgb4.decode(record(Encoding.JPEG, 120, 40, 3, file))).hasSize(3 * 16);
    }

    @Test
    void cropsTheCentreKeepingTheAspect() throws Exception {
        // 120×40 → the centre 40×40 is the green third, at 4×4: the middle columns are pure green
        // (the outer ones see a little red and blue through the filter); stretching would show
        // three bands
        byte[] out =
                rgb4.decode(
                        record(
                                Encoding.PNG,
                                120,
                                40,
                                3,
                                CameraFiles.png(bands(), CameraFiles.PngKind.RGB)));
        for (int y = 0; y < 4; y++) {
            assertThat(out[16 + y * 4 + 1] & 0xFF).as("green, column 1").isEqualTo(255);
            assertThat(out[16 + y * 4 + 2] & 0xFF).as("green, column 2").isEqualTo(255);
            assertThat(out[y * 4 + 1] & 0xFF).as("red, column 1").isZero();
            assertThat(out[32 + y * 4 + 2] & 0xFF).as("blue, column 2").isZero();
        }
    }

    @Test
    void turnsAnExifRotatedPhotoUpright() throws Exception {
        // stored landscape with orientation 6 (rotate 90° clockwise): upright it is a 40×120
        // portrait whose bands run across, red on top; its centre square is the green band, so
        // the middle rows are green in every column (were the tag ignored, the centre square of
        // the landscape would be green too, but a stretched or unrotated portrait would not be)
        byte[] jpeg = CameraFiles.withExifOrientation(CameraFiles.jpeg(bands(), 0.98f, false), 6);
        byte[] out = rgb4.decode(record(Encoding.JPEG, 120, 40, 3, jpeg));
        for (int y = 1; y <= 2; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out[y * 4 + x] & 0xFF).as("red").isLessThan(40);
                assertThat(out[16 + y * 4 + x] & 0xFF).as("green").isGreaterThan(215);
            }
        }
        // and the top row leans red, the bottom row blue: the portrait is the right way up
        assertThat(out[0] & 0xFF).isGreaterThan(out[32] & 0xFF);
        assertThat(out[32 + 12] & 0xFF).isGreaterThan(out[12] & 0xFF);
    }

    @Test
    void decodesWebp() throws Exception {
        byte[] file;
        try (var in =
                getClass().getResourceAsStream("/dev/streamssl/job/decode/quadrants-lossy.webp")) {
            file = in.readAllBytes();
        }
        byte[] out = rgb4.decode(record(Encoding.WEBP, 32, 32, 3, file));
        // top-left quadrant red
        assertThat(out[0] & 0xFF).isGreaterThan(200);
        assertThat(out[16] & 0xFF).isLessThan(60);
    }

    @Test
    void namesAnUnsupportedFormat() {
        byte[] heic = new byte[64];
        System.arraycopy(
                "\0\0\0\u0018ftypheic".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                0,
                heic,
                0,
                12);
        assertThatThrownBy(() -> rgb4.decode(record(Encoding.JPEG, 120, 40, 3, heic)))
                .hasMessageContaining("HEIF")
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.ENCODING_MISMATCH));
    }

    @Test
    void rejectsATruncatedJpeg() {
        byte[] file = CameraFiles.jpeg(bands(), 0.9f, false);
        byte[] cut = java.util.Arrays.copyOf(file, file.length * 2 / 3);
        assertThatThrownBy(() -> rgb4.decode(record(Encoding.JPEG, 120, 40, 3, cut)))
                .satisfies(
                        e ->
                                assertThat(((ImageDecoder.RejectedImage) e).reason())
                                        .isEqualTo(DeadLetterReason.UNDECODABLE_IMAGE));
    }

    private static ImageRecord record(Encoding encoding, int w, int h, int c, byte[] data) {
        return record("x", encoding, w, h, c, data);
    }

    private static ImageRecord record(
            String id, Encoding encoding, int w, int h, int c, byte[] data) {
        return ImageRecord.newBuilder()
                .setId(id)
                .setTimestampMs(0)
                .setEncoding(encoding)
                .setWidth(w)
                .setHeight(h)
                .setChannels(c)
                .setData(ByteBuffer.wrap(data))
                .build();
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
