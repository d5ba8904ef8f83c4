package dev.streamssl.job.decode;

import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.Encoding;
import dev.streamssl.schemas.ImageRecord;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns an {@link ImageRecord} into uint8 CHW pixels of the model's channels and size. The id, the
 * declared dimensions and the pixel count (in 64-bit arithmetic, against a pixel budget as well as
 * a side limit) are checked first, and for JPEG and PNG the file's format and the dimensions in its
 * header are read and checked before a single pixel is decoded, so a small file that claims a huge
 * image (a decompression bomb) is rejected cheaply. A file must be what the record declares: a JPEG
 * declared as PNG is rejected ({@code ENCODING_MISMATCH}) rather than guessed, so that a producer's
 * bug shows instead of passing silently; likewise a file whose colour channels differ from the
 * declared count ({@code CHANNEL_MISMATCH}). Grey images are replicated to RGB and RGB images
 * reduced to grey (ITU-R 601 luma) as the model needs; other sizes are resized bilinearly.
 */
public final class ImageDecoder {
    private final int channels;
    private final int size;
    private final int maxSide;
    private final int maxBytes;
    private final long maxPixels;
    private final int maxIdLength;

    public ImageDecoder(
            int channels, int size, int maxSide, int maxBytes, long maxPixels, int maxIdLength) {
        this.channels = channels;
        this.size = size;
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
        String id = record.getId();
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
                    "declared size " + w + "x" + h + " is outside 1.." + maxSide);
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
                    "image data has " + data.remaining() + " bytes; limit is " + maxBytes);
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        BufferedImage image =
                record.getEncoding() == Encoding.RAW_U8
                        ? fromRaw(bytes, w, h, c)
                        : fromFile(bytes, record.getEncoding(), w, h);
        int fileChannels = image.getColorModel().getNumColorComponents();
        if (fileChannels != c) {
            throw new RejectedImage(
                    DeadLetterReason.CHANNEL_MISMATCH,
                    "the file has "
                            + fileChannels
                            + " colour channel(s) but the record declares "
                            + c);
        }
        return toChw(image, w, h, c);
    }

    private static BufferedImage fromRaw(byte[] bytes, int w, int h, int c) throws RejectedImage {
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
        BufferedImage image =
                new BufferedImage(
                        w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        if (c == 1) {
            image.getRaster().setDataElements(0, 0, w, h, bytes);
        } else {
            int plane = w * h;
            for (int i = 0; i < plane; i++) {
                int r = bytes[i] & 0xFF;
                int g = bytes[plane + i] & 0xFF;
                int b = bytes[2 * plane + i] & 0xFF;
                image.setRGB(i % w, i / w, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static BufferedImage fromFile(byte[] bytes, Encoding declared, int w, int h)
            throws RejectedImage {
        try (ImageInputStream in =
                ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RejectedImage(
                        DeadLetterReason.UNDECODABLE_IMAGE, "not a readable JPEG or PNG file");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
                String expected = declared == Encoding.JPEG ? "JPEG" : "PNG";
                if (!format.equals(expected)) {
                    throw new RejectedImage(
                            DeadLetterReason.ENCODING_MISMATCH,
                            "the record declares "
                                    + declared
                                    + " but the data is a "
                                    + format
                                    + " file");
                }
                reader.setInput(in, true, true);
                int fileWidth = reader.getWidth(0);
                int fileHeight = reader.getHeight(0);
                if (fileWidth != w || fileHeight != h) {
                    throw new RejectedImage(
                            DeadLetterReason.SIZE_MISMATCH,
                            "file header says "
                                    + fileWidth
                                    + "x"
                                    + fileHeight
                                    + " but the record declares "
                                    + w
                                    + "x"
                                    + h);
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new RejectedImage(
                    DeadLetterReason.UNDECODABLE_IMAGE, "cannot decode image: " + e.getMessage());
        }
    }

    private byte[] toChw(BufferedImage image, int w, int h, int c) {
        BufferedImage sized = image;
        if (w != size || h != size) {
            sized =
                    new BufferedImage(
                            size,
                            size,
                            c == 1 && image.getType() == BufferedImage.TYPE_BYTE_GRAY
                                    ? BufferedImage.TYPE_BYTE_GRAY
                                    : BufferedImage.TYPE_INT_RGB);
            Graphics2D g = sized.createGraphics();
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, size, size, null);
            g.dispose();
        }
        byte[] out = new byte[channels * size * size];
        int plane = size * size;
        boolean grey = sized.getType() == BufferedImage.TYPE_BYTE_GRAY;
        byte[] greyPixels =
                grey ? (byte[]) sized.getRaster().getDataElements(0, 0, size, size, null) : null;
        for (int i = 0; i < plane; i++) {
            int r;
            int gr;
            int b;
            if (grey) {
                r = gr = b = greyPixels[i] & 0xFF;
            } else {
                int rgb = sized.getRGB(i % size, i / size);
                r = (rgb >> 16) & 0xFF;
                gr = (rgb >> 8) & 0xFF;
                b = rgb & 0xFF;
            }
            if (channels == 1) {
                out[i] = (byte) (grey ? r : Math.round(0.299 * r + 0.587 * gr + 0.114 * b));
            } else {
                out[i] = (byte) r;
                out[plane + i] = (byte) gr;
                out[2 * plane + i] = (byte) b;
            }
        }
        return out;
    }
}
