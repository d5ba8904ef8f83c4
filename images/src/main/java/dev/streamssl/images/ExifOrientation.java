package dev.streamssl.images;

/**
 * The EXIF orientation tag (0x0112) of a JPEG or PNG file, and its application to pixels.
 *
 * <p>Cameras and phones store the sensor's pixels as they come and record how the camera was held
 * in this tag; a viewer rotates the picture for display. Values 1–8 say where the stored image's
 * row 0 and column 0 belong on screen (EXIF 2.3, table of the Orientation tag): 1 top/left (as
 * stored), 2 top/right (mirrored), 3 bottom/right (180°), 4 bottom/left (flipped), 5 left/top
 * (transposed), 6 right/top (rotate 90° clockwise), 7 right/bottom (transverse), 8 left/bottom
 * (rotate 90° counter-clockwise). Values 5–8 swap width and height: a phone's portrait photo is
 * stored as a landscape image with orientation 6, and stays a portrait here.
 *
 * <p>The tag is read from IFD0 of the TIFF structure in a JPEG's APP1 "Exif" segment or a PNG's
 * {@code eXIf} chunk; a file without one, or with a damaged one, is as stored (1).
 */
public final class ExifOrientation {
    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {}

    /** The orientation recorded in the file, 1 when there is none. */
    public static int read(byte[] file, ImageFormat format) {
        try {
            int tiff =
                    switch (format) {
                        case JPEG -> jpegExif(file);
                        case PNG -> pngExif(file);
                        default -> -1;
                    };
            if (tiff < 0) {
                return 1;
            }
            int value = fromTiff(file, tiff);
            return value >= 1 && value <= 8 ? value : 1;
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
    }

    /** Whether an orientation swaps width and height. */
    public static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The pixels as they are meant to be seen. */
    public static Pixels apply(Pixels in, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return in;
        }
        int w = in.width();
        int h = in.height();
        boolean swap = swapsSides(orientation);
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int plane = w * h;
        byte[] out = new byte[in.data().length];
        byte[] src = in.data();
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - ox;
                        sy = oy;
                    }
                    case 3 -> {
                        sx = w - 1 - ox;
                        sy = h - 1 - oy;
                    }
                    case 4 -> {
                        sx = ox;
                        sy = h - 1 - oy;
                    }
                    case 5 -> {
                        sx = oy;
                        sy = ox;
                    }
                    case 6 -> {
                        sx = oy;
                        sy = h - 1 - ox;
                    }
                    case 7 -> {
                        sx = w - 1 - oy;
                        sy = h - 1 - ox;
                    }
                    default -> { // 8
                        sx = w - 1 - oy;
                        sy = ox;
                    }
                }
                int from = sy * w + sx;
                int to = oy * ow + ox;
                for (int c = 0; c < in.channels(); c++) {
                    out[c * plane + to] = src[c * plane + from];
                }
            }
        }
        return new Pixels(ow, oh, in.channels(), out);
    }

    /** Offset of the TIFF header in a JPEG's APP1 Exif segment, or −1. */
    private static int jpegExif(byte[] b) {
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++; // fill byte
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return -1; // image data begins: no more metadata segments
            }
            int length = u16(b, p + 2, true);
            if (marker == 0xE1
                    && length >= 8
                    && b[p + 4] == 'E'
                    && b[p + 5] == 'x'
                    && b[p + 6] == 'i'
                    && b[p + 7] == 'f'
                    && b[p + 8] == 0
                    && b[p + 9] == 0) {
                return p + 10;
            }
            p += 2 + length;
        }
        return -1;
    }

    /** Offset of the TIFF header in a PNG's eXIf chunk, or −1. */
    private static int pngExif(byte[] b) {
        int p = 8;
        while (p + 8 <= b.length) {
            int length = (int) u32(b, p, true);
            if (b[p + 4] == 'e' && b[p + 5] == 'X' && b[p + 6] == 'I' && b[p + 7] == 'f') {
                return p + 8;
            }
            if (b[p + 4] == 'I' && b[p + 5] == 'D' && b[p + 6] == 'A' && b[p + 7] == 'T') {
                return -1; // eXIf must come before the image data
            }
            if (length < 0) {
                return -1;
            }
            p += 12 + length;
        }
        return -1;
    }

    private static int fromTiff(byte[] b, int tiff) {
        boolean bigEndian;
        if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            bigEndian = true;
        } else if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            bigEndian = false;
        } else {
            return 1;
        }
        int ifd = tiff + (int) u32(b, tiff + 4, bigEndian);
        int entries = u16(b, ifd, bigEndian);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (u16(b, entry, bigEndian) == ORIENTATION_TAG) {
                return u16(b, entry + 8, bigEndian); // a SHORT sits in the value field's start
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int p, boolean bigEndian) {
        int x = b[p] & 0xFF;
        int y = b[p + 1] & 0xFF;
        return bigEndian ? x << 8 | y : y << 8 | x;
    }

    private static long u32(byte[] b, int p, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int k = bigEndian ? i : 3 - i;
            v = v << 8 | (b[p + k] & 0xFF);
        }
        return v;
    }
}
