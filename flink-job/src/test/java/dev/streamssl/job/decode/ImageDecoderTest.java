package dev.streamssl.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.Encoding;
import dev.streamssl.schemas.ImageRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder grey28 = new ImageDecoder(1, 28, 1024, 1 << 20);

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
        BufferedImage big = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = grey28.decode(record(Encoding.PNG, 56, 56, 1, png(big)));
        assertThat(out).hasSize(28 * 28);
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

    private static ImageRecord record(Encoding encoding, int w, int h, int c, byte[] data) {
        return ImageRecord.newBuilder()
                .setId("x")
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
