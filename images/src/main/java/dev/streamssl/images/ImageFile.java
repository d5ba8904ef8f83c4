package dev.streamssl.images;

import dev.streamssl.images.UnreadableImageException.Kind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads camera files: {@link #probe} tells format, size, channels and orientation from the header
 * alone (so that limits are checked before memory is spent on pixels), {@link #decode} returns the
 * pixels as they are meant to be seen (EXIF orientation applied, transparency over white, 8 bits,
 * grey or RGB). JPEG (baseline, progressive, CMYK, YCCK), PNG (palette, grey, grey + alpha, RGB,
 * RGBA, 16 bits) and WebP (lossy, lossless, alpha) are decoded.
 *
 * <p>A JPEG that ends early is rejected by {@link #probe}, before any pixel is decoded, rather than
 * padded: the JDK's JPEG decoder fills the missing rows with grey and only warns, and half a grey
 * photo is not an image to learn from. Whether the file reaches its end-of-image marker is read
 * from the file's structure ({@link JpegStructure}), not from the decoder's warnings: their wording
 * is no API (the JDK's reader words the same cut two ways, "Truncated File - Missing EOI marker"
 * from a localisable resource and "Corrupt JPEG data: premature end of data segment" from libjpeg),
 * and other warnings, such as a missing ICC profile, are harmless. PNG and WebP decoders fail
 * outright on a file cut short.
 */
public final class ImageFile {
    private ImageFile() {}

    /**
     * The header of an image file. A JPEG that does not reach its end-of-image marker is {@code
     * CORRUPT} here already: its pixels would be padded.
     */
    public static ImageHeader probe(byte[] bytes) throws UnreadableImageException {
        ImageFormat format = decodableFormat(bytes);
        if (format == ImageFormat.JPEG) {
            Optional<String> missingEnd = JpegStructure.missingEnd(bytes);
            if (missingEnd.isPresent()) {
                throw new UnreadableImageException(
                        Kind.CORRUPT, "the JPEG file is truncated: " + missingEnd.get());
            }
        }
        ImageReader reader = open(format, bytes);
        try {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw new UnreadableImageException(
                        Kind.CORRUPT,
                        "the " + format.displayName() + " header says " + width + "x" + height);
            }
            return new ImageHeader(
                    format, width, height, channels(reader), ExifOrientation.read(bytes, format));
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The pixels of a file whose header was probed (and so, for a JPEG, found complete), oriented,
     * 8-bit grey or RGB.
     */
    public static Pixels decode(byte[] bytes, ImageHeader header) throws UnreadableImageException {
        ImageReader reader = open(header.format(), bytes);
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw corrupt(header.format(), e);
        } finally {
            reader.dispose();
        }
        if (image.getWidth() != header.width() || image.getHeight() != header.height()) {
            throw new UnreadableImageException(
                    Kind.CORRUPT,
                    "decoded "
                            + image.getWidth()
                            + "x"
                            + image.getHeight()
                            + " but the header says "
                            + header.width()
                            + "x"
                            + header.height());
        }
        return ExifOrientation.apply(Pixels.of(image), header.orientation());
    }

    /** Probe and decode in one call. */
    public static Pixels decode(byte[] bytes) throws UnreadableImageException {
        return decode(bytes, probe(bytes));
    }

    private static ImageFormat decodableFormat(byte[] bytes) throws UnreadableImageException {
        if (bytes == null || bytes.length == 0) {
            throw new UnreadableImageException(Kind.EMPTY, "the file is empty");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            throw new UnreadableImageException(
                    Kind.NOT_AN_IMAGE,
                    "not an image: the first bytes match no image format (JPEG, PNG, WebP expected)");
        }
        if (!format.decodable()) {
            throw new UnreadableImageException(
                    Kind.UNSUPPORTED_FORMAT,
                    "a "
                            + format.displayName()
                            + " file, which is not supported (JPEG, PNG and WebP are); convert it first");
        }
        return format;
    }

    private static ImageReader open(ImageFormat format, byte[] bytes)
            throws UnreadableImageException {
        try {
            ImageReader reader = Readers.create(format);
            ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
            reader.setInput(in, true, true);
            return reader;
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        }
    }

    /** The file's colour channels from its raw image type, without decoding. */
    private static int channels(ImageReader reader) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw == null) {
            var types = reader.getImageTypes(0);
            raw = types.hasNext() ? types.next() : null;
        }
        return raw == null ? 3 : Pixels.channelsOf(raw.getColorModel());
    }

    private static UnreadableImageException corrupt(ImageFormat format, Throwable e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new UnreadableImageException(
                Kind.CORRUPT, "cannot decode the " + format.displayName() + " file: " + what, e);
    }
}
