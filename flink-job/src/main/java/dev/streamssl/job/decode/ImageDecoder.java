package dev.streamssl.job.decode;

import dev.streamssl.images.ImageFile;
import dev.streamssl.images.ImageFormat;
import dev.streamssl.images.ImageHeader;
import dev.streamssl.images.ModelInput;
import dev.streamssl.images.Pixels;
import dev.streamssl.images.UnreadableImageException;
import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.Encoding;
import dev.streamssl.schemas.ImageRecord;
import java.nio.ByteBuffer;

/**
 * Turns an {@link ImageRecord} into uint8 CHW pixels of the model's channels at a square side: the
 * image as it is meant to be seen (EXIF orientation applied, transparency over white, CMYK and
 * palettes to RGB, 16 bits to 8), its short side resized to {@code side} with an antialiasing
 * filter and the long side centre-cropped (torchvision's {@code Resize(side)} + {@code
 * CenterCrop(side)}): the aspect ratio is kept, nothing is stretched.
 *
 * <p>The id, the declared dimensions and the pixel count (in 64-bit arithmetic, against a pixel
 * budget as well as a side limit) are checked first, and for files the format and the dimensions in
 * the header are read and checked before a single pixel is decoded, so a small file that claims a
 * huge image (a decompression bomb) is rejected cheaply. A file must be what the record declares: a
 * JPEG declared as PNG is rejected ({@code ENCODING_MISMATCH}) rather than guessed, so that a
 * producer's bug shows instead of passing silently; likewise a file whose colour channels (1 for
 * grey and grey + alpha, 3 for the rest) differ from the declared count ({@code CHANNEL_MISMATCH}).
 * Grey images are replicated to RGB and RGB images reduced to grey (ITU-R 601 luma) as the model
 * needs.
 */
public final class ImageDecoder {
    private final int channels;
    private final int side;
    private final int maxSide;
    private final int maxBytes;
    private final long maxPixels;
    private final int maxIdLength;

    /**
     * @param channels the model's channels, 1 or 3
     * @param side side of the square output
     * @param maxSide largest declared width or height accepted
     * @param maxBytes largest encoded image accepted
     * @param maxPixels largest width × height accepted
     * @param maxIdLength longest id accepted
     */
    public ImageDecoder(
            int channels, int side, int maxSide, int maxBytes, long maxPixels, int maxIdLength) {
        this.channels = channels;
        this.side = side;
        this.maxSide = maxSide;
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.maxIdLength = maxIdLength;
    }

    /** A failure to decode, with the dead-letter reason. */
    public static final class RejectedImage extends Exception {
        private final DeadLetterReason reason;

        RejectedImage(DeadLetterReason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public DeadLetterReason reason() {
            return reason;
        }
    }

    public byte[] decode(ImageRecord record) throws RejectedImage {
        checkId(record.getId());
        int w = record.getWidth();
        int h = record.getHeight();
        int c = record.getChannels();
        if (c != 1 && c != 3) {
            throw new RejectedImage(
                    DeadLetterReason.BAD_DIMENSIONS, "channels = " + c + "; expected 1 or 3");
        }
        if (w <= 0 || h <= 0 || w > maxSide || h > maxSide) {
            throw new RejectedImage(
                    DeadLetterReason.BAD_DIMENSIONS,
                    "declared size "
                            + w
                            + "x"
                            + h
                            + " is outside 1.."
                            + maxSide
                            + " (input.max-side)");
        }
        if ((long) w * h > maxPixels) {
            throw new RejectedImage(
                    DeadLetterReason.TOO_LARGE,
                    "declared size "
                            + w
                            + "x"
                            + h
                            + " is "
                            + (long) w * h
                            + " pixels; limit is "
                            + maxPixels
                            + " (input.max-pixels)");
        }
        ByteBuffer data = record.getData();
        if (data.remaining() > maxBytes) {
            throw new RejectedImage(
                    DeadLetterReason.TOO_LARGE,
                    "image data has "
                            + data.remaining()
                            + " bytes; limit is "
                            + maxBytes
                            + " (input.max-bytes)");
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        Pixels pixels =
                record.getEncoding() == Encoding.RAW_U8
                        ? raw(bytes, w, h, c)
                        : file(bytes, record.getEncoding(), w, h, c);
        return ModelInput.of(pixels, side, channels);
    }

    private void checkId(String id) throws RejectedImage {
        if (id == null || id.isBlank()) {
            throw new RejectedImage(DeadLetterReason.BAD_ID, "the record's id is empty");
        }
        if (id.length() > maxIdLength) {
            throw new RejectedImage(
                    DeadLetterReason.BAD_ID,
                    "the record's id has "
                            + id.length()
                            + " characters; limit is "
                            + maxIdLength
                            + " (input.max-id-length)");
        }
    }

    private static Pixels raw(byte[] bytes, int w, int h, int c) throws RejectedImage {
        long expected = (long) w * h * c;
        if (bytes.length != expected) {
            throw new RejectedImage(
                    DeadLetterReason.SIZE_MISMATCH,
                    "RAW_U8 "
                            + w
                            + "x"
                            + h
                            + "x"
                            + c
                            + " needs "
                            + expected
                            + " bytes, got "
                            + bytes.length);
        }
        return new Pixels(w, h, c, bytes);
    }

    private static Pixels file(byte[] bytes, Encoding declared, int w, int h, int c)
            throws RejectedImage {
        ImageHeader header;
        try {
            header = ImageFile.probe(bytes);
        } catch (UnreadableImageException e) {
            throw new RejectedImage(
                    e.kind() == UnreadableImageException.Kind.UNSUPPORTED_FORMAT
                            ? DeadLetterReason.ENCODING_MISMATCH
                            : DeadLetterReason.UNDECODABLE_IMAGE,
                    "the record declares " + declared + ": " + e.getMessage());
        }
        ImageFormat format = header.format();
        if (!format.name().equals(declared.name())) {
            throw new RejectedImage(
                    DeadLetterReason.ENCODING_MISMATCH,
                    "the record declares "
                            + declared
                            + " but the data is a "
                            + format.displayName()
                            + " file");
        }
        if (header.width() != w || header.height() != h) {
            throw new RejectedImage(
                    DeadLetterReason.SIZE_MISMATCH,
                    "file header says "
                            + header.width()
                            + "x"
                            + header.height()
                            + " but the record declares "
                            + w
                            + "x"
                            + h
                            + " (width and height as stored, before EXIF orientation)");
        }
        if (header.channels() != c) {
            throw new RejectedImage(
                    DeadLetterReason.CHANNEL_MISMATCH,
                    "the "
                            + format.displayName()
                            + " file has "
                            + header.channels()
                            + " colour channel(s) but the record declares "
                            + c
                            + " (1 for grey and grey + alpha, 3 for RGB, RGBA, palette and CMYK)");
        }
        try {
            return ImageFile.decode(bytes, header);
        } catch (UnreadableImageException e) {
            throw new RejectedImage(DeadLetterReason.UNDECODABLE_IMAGE, e.getMessage());
        }
    }
}
