package dev.streamssl.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.images.CameraFiles.PngKind;
import dev.streamssl.images.UnreadableImageException.Kind;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;

class ImageFileTest {
    private static final Pixels PHOTO = TestPictures.gradient(64, 48);

    @Test
    void decodesABaselineJpeg() throws Exception {
        byte[] file = CameraFiles.jpeg(PHOTO, 0.95f, false);
        ImageHeader header = ImageFile.probe(file);
        assertThat(header).isEqualTo(new ImageHeader(ImageFormat.JPEG, 64, 48, 3, 1));
        assertThat(TestPictures.maxDifference(ImageFile.decode(file), PHOTO)).isLessThan(12);
    }

    @Test
    void decodesAProgressiveJpegAsTheBaselineOne() throws Exception {
        Pixels progressive = ImageFile.decode(CameraFiles.jpeg(PHOTO, 0.95f, true));
        assertThat(TestPictures.maxDifference(progressive, PHOTO)).isLessThan(12);
    }

    @Test
    void decodesGreyJpegAsOneChannel() throws Exception {
        byte[] file = CameraFiles.jpeg(PHOTO.withChannels(1), 0.95f, false);
        assertThat(ImageFile.probe(file).channels()).isEqualTo(1);
        assertThat(TestPictures.maxDifference(ImageFile.decode(file), PHOTO.withChannels(1)))
                .isLessThan(8);
    }

    /** Cyan, white and black regions: inks C, none, K. */
    private static final Pixels INKS =
            TestPictures.rgb(
                    64,
                    48,
                    (x, y) ->
                            y >= 24
                                    ? new int[] {0, 0, 0}
                                    : x < 32 ? new int[] {0, 255, 255} : new int[] {255, 255, 255});

    @Test
    void decodesAdobeCmykJpegToRgb() throws Exception {
        assertInks(CameraFiles.cmykJpeg(INKS, false));
    }

    @Test
    void decodesAdobeYcckJpegToRgb() throws Exception {
        assertInks(CameraFiles.cmykJpeg(INKS, true));
    }

    private static void assertInks(byte[] file) throws Exception {
        assertThat(ImageFile.probe(file).channels()).isEqualTo(3);
        Pixels p = ImageFile.decode(file);
        assertThat(p.channels()).isEqualTo(3);
        assertThat(rgb(p, 8, 8)).satisfies(v -> near(v, 0, 255, 255));
        assertThat(rgb(p, 56, 8)).satisfies(v -> near(v, 255, 255, 255));
        assertThat(rgb(p, 32, 40)).satisfies(v -> near(v, 0, 0, 0));
    }

    @Test
    void readsAPalettePngAsThreeChannelsWithThePaletteColours() throws Exception {
        Pixels steps =
                TestPictures.rgb(30, 20, (x, y) -> new int[] {x / 10 * 102, y / 10 * 255, 51});
        byte[] file = CameraFiles.png(steps, PngKind.PALETTE);
        // the header of a palette PNG has one band (the index); its colours are three
        assertThat(ImageFile.probe(file).channels()).isEqualTo(3);
        assertThat(ImageFile.decode(file)).isEqualTo(steps);
    }

    @Test
    void readsGreyPngAsOneChannelExactly() throws Exception {
        byte[] file = CameraFiles.png(PHOTO, PngKind.GREY);
        assertThat(ImageFile.probe(file).channels()).isEqualTo(1);
        assertThat(ImageFile.decode(file)).isEqualTo(PHOTO.withChannels(1));
    }

    @Test
    void compositesGreyAlphaOverWhite() throws Exception {
        Pixels grey = PHOTO.withChannels(1);
        byte[] file = CameraFiles.png(grey, PngKind.GREY_ALPHA);
        assertThat(ImageFile.probe(file).channels()).isEqualTo(1);
        Pixels p = ImageFile.decode(file);
        // left half opaque: as is; right half alpha 128: (v·128 + 255·127) / 255, rounded
        assertThat(p.at(0, 10, 20)).isEqualTo(grey.at(0, 10, 20));
        int v = grey.at(0, 50, 20);
        assertThat(p.at(0, 50, 20)).isEqualTo(Math.round((v * 128 + 255 * 127) / 255f));
    }

    @Test
    void compositesRgbaOverWhite() throws Exception {
        byte[] file = CameraFiles.png(PHOTO, PngKind.RGBA);
        assertThat(ImageFile.probe(file).channels()).isEqualTo(3);
        Pixels p = ImageFile.decode(file);
        for (int c = 0; c < 3; c++) {
            assertThat(p.at(c, 10, 5)).isEqualTo(PHOTO.at(c, 10, 5));
            int v = PHOTO.at(c, 60, 40);
            assertThat(p.at(c, 60, 40)).isEqualTo(Math.round((v * 128 + 255 * 127) / 255f));
        }
    }

    @Test
    void scalesSixteenBitPngToEightBits() throws Exception {
        // the file holds v·257 (v repeated in both bytes): back to v exactly
        assertThat(ImageFile.decode(CameraFiles.png(PHOTO, PngKind.RGB16))).isEqualTo(PHOTO);
    }

    @Test
    void decodesLossyWebp() throws Exception {
        // cwebp -q 90 of a 32×32 PNG: red, green / blue, white quadrants
        Pixels p = ImageFile.decode(resource("quadrants-lossy.webp"));
        assertThat(ImageFile.probe(resource("quadrants-lossy.webp")).format())
                .isEqualTo(ImageFormat.WEBP);
        near(rgb(p, 4, 4), 255, 0, 0);
        near(rgb(p, 28, 4), 0, 255, 0);
        near(rgb(p, 4, 28), 0, 0, 255);
        near(rgb(p, 28, 28), 255, 255, 255);
    }

    @Test
    void decodesLosslessWebpWithAlphaOverWhite() throws Exception {
        // cwebp -lossless -exact: left half opaque red, right half fully transparent blue
        Pixels p = ImageFile.decode(resource("alpha-lossless.webp"));
        assertThat(rgb(p, 4, 4)).containsExactly(255, 0, 0);
        assertThat(rgb(p, 28, 4)).containsExactly(255, 255, 255);
    }

    @Test
    void rejectsAnEmptyFile() {
        assertKind(new byte[0], Kind.EMPTY);
    }

    @Test
    void rejectsATextFile() {
        assertKind("name,label\nfoo.jpg,1\n".getBytes(StandardCharsets.UTF_8), Kind.NOT_AN_IMAGE);
    }

    @Test
    void namesHeifAsUnsupported() {
        byte[] heic = new byte[64];
        System.arraycopy(
                "\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1), 0, heic, 0, 12);
        assertThatThrownBy(() -> ImageFile.probe(heic))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("HEIF")
                .extracting(e -> ((UnreadableImageException) e).kind())
                .isEqualTo(Kind.UNSUPPORTED_FORMAT);
    }

    @Test
    void rejectsATruncatedJpeg() {
        byte[] file = CameraFiles.jpeg(TestPictures.gradient(256, 192), 0.9f, false);
        assertKind(Arrays.copyOf(file, file.length / 2), Kind.CORRUPT);
    }

    @Test
    void probeRejectsATruncatedJpegBeforeAnyPixelIsDecoded() {
        // the probe reads the header only, so no decoder warning exists to go by: the file's
        // structure tells the cut, for a file cut short and for one padded with zeros to its size
        byte[] file = CameraFiles.jpeg(TestPictures.gradient(256, 192), 0.9f, false);
        byte[] padded = file.clone();
        Arrays.fill(padded, file.length / 2, file.length, (byte) 0);
        for (byte[] cut : List.of(Arrays.copyOf(file, file.length / 2), padded)) {
            assertThatThrownBy(() -> ImageFile.probe(cut))
                    .isInstanceOf(UnreadableImageException.class)
                    .hasMessageContaining("the JPEG file is truncated")
                    .hasMessageContaining("inside a scan, before its end-of-image marker (FF D9)")
                    .extracting(e -> ((UnreadableImageException) e).kind())
                    .isEqualTo(Kind.CORRUPT);
        }
    }

    @Test
    void aWarningThatIsNoTruncationDoesNotRejectAJpeg() throws Exception {
        // an Adobe CMYK JPEG without an ICC profile: the reader warns that its colours are
        // converted without one, and the file is whole
        byte[] file = CameraFiles.cmykJpeg(INKS, false);
        List<String> warnings = new ArrayList<>();
        ImageReader reader = Readers.create(ImageFormat.JPEG);
        reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(file)));
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        reader.read(0);
        reader.dispose();
        assertThat(warnings).isNotEmpty();
        assertThat(ImageFile.decode(file).width()).isEqualTo(INKS.width());
    }

    @Test
    void rejectsATruncatedPng() {
        byte[] file = CameraFiles.png(TestPictures.gradient(256, 192), PngKind.RGB);
        assertKind(Arrays.copyOf(file, file.length / 2), Kind.CORRUPT);
    }

    @Test
    void rejectsAJpegCutInsideItsHeader() {
        byte[] file = CameraFiles.jpeg(PHOTO, 0.9f, false);
        assertKind(Arrays.copyOf(file, 40), Kind.CORRUPT);
    }

    private static void assertKind(byte[] file, Kind kind) {
        assertThatThrownBy(() -> ImageFile.decode(file))
                .isInstanceOf(UnreadableImageException.class)
                .extracting(e -> ((UnreadableImageException) e).kind())
                .isEqualTo(kind);
    }

    static int[] rgb(Pixels p, int x, int y) {
        return new int[] {p.at(0, x, y), p.at(1, x, y), p.at(2, x, y)};
    }

    static void near(int[] actual, int r, int g, int b) {
        assertThat(Math.abs(actual[0] - r)).as("red of %s", Arrays.toString(actual)).isLessThan(20);
        assertThat(Math.abs(actual[1] - g))
                .as("green of %s", Arrays.toString(actual))
                .isLessThan(20);
        assertThat(Math.abs(actual[2] - b))
                .as("blue of %s", Arrays.toString(actual))
                .isLessThan(20);
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ImageFileTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
