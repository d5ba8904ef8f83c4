package dev.streamssl.producers.data;

import dev.streamssl.images.CameraFiles;
import dev.streamssl.images.ImageFile;
import dev.streamssl.images.ImageHeader;
import dev.streamssl.images.Pixels;
import dev.streamssl.images.Resize;
import dev.streamssl.images.UnreadableImageException;
import dev.streamssl.schemas.Encoding;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Reads one file and makes it a record's image, or says why not. Every file is decoded once here,
 * so that what is published is known to decode (an empty, truncated, damaged or non-image file is
 * refused with a reason, not sent to become a dead letter). A photo whose long side (upright, after
 * its EXIF orientation) exceeds {@code maxSide} is resized to that side (antialiased) and
 * re-encoded as a JPEG of quality 0.9 with the orientation applied: a 12-megapixel phone photo goes
 * on the wire as a few hundred kilobytes rather than 4 MB. Others are sent as they are.
 */
public final class PhotoPreparer {
    /** JPEG quality of re-encoded photos: no visible loss, a tenth of the original's bytes. */
    public static final float QUALITY = 0.9f;

    private final int maxSide;
    private final int maxBytes;

    /**
     * @param maxSide long side above which a photo is shrunk and re-encoded; 0 never
     * @param maxBytes largest file sent (after re-encoding)
     */
    public PhotoPreparer(int maxSide, int maxBytes) {
        if (maxSide < 0) {
            throw new IllegalArgumentException("--max-side must be >= 0 (0: never shrink)");
        }
        this.maxSide = maxSide;
        this.maxBytes = maxBytes;
    }

    /** Why a file is not published. */
    public static final class Skipped extends Exception {
        private final String reason;

        public Skipped(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public LabeledImage prepare(PhotoEntry entry) throws Skipped {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry.file());
        } catch (IOException e) {
            throw new Skipped("unreadable", "cannot read the file: " + e);
        }
        ImageHeader header;
        Pixels pixels;
        try {
            header = ImageFile.probe(bytes);
            pixels = ImageFile.decode(bytes, header);
        } catch (UnreadableImageException e) {
            throw new Skipped(e.kind().label(), e.getMessage());
        }
        Encoding encoding = Encoding.valueOf(header.format().name());
        int width = header.width();
        int height = header.height();
        int channels = header.channels();
        if (maxSide > 0 && Math.max(pixels.width(), pixels.height()) > maxSide) {
            Pixels small = Resize.fitLongSide(pixels, maxSide);
            bytes = CameraFiles.jpeg(small, QUALITY, false);
            encoding = Encoding.JPEG;
            width = small.width();
            height = small.height();
            channels = small.channels();
        }
        if (bytes.length > maxBytes) {
            throw new Skipped(
                    "too-large",
                    bytes.length
                            + " bytes; records carry at most "
                            + maxBytes
                            + " (shrink it with --max-side)");
        }
        return new LabeledImage(
                entry.id(),
                encoding,
                width,
                height,
                channels,
                bytes,
                entry.label(),
                entry.file().toString(),
                entry.tags());
    }
}
