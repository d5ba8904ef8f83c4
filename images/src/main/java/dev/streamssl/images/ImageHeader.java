package dev.streamssl.images;

/**
 * What a file's header says, read without decoding a pixel: format, stored width and height, colour
 * channels (1 for grey and grey + alpha, 3 for everything else: RGB, RGBA, palette, CMYK) and EXIF
 * orientation. Width and height are as stored, before the orientation is applied (what PIL's {@code
 * Image.size} reports); {@link #displayWidth()} and {@link #displayHeight()} are as seen.
 */
public record ImageHeader(
        ImageFormat format, int width, int height, int channels, int orientation) {

    public int displayWidth() {
        return ExifOrientation.swapsSides(orientation) ? height : width;
    }

    public int displayHeight() {
        return ExifOrientation.swapsSides(orientation) ? width : height;
    }

    /** Width × height in 64-bit arithmetic. */
    public long pixels() {
        return (long) width * height;
    }
}
