package dev.streamssl.images;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * An 8-bit image in planar (C, H, W) order with one (grey) or three (RGB) channels: the one form in
 * which decoded files are resized, oriented and handed on.
 *
 * <p>{@link #of(BufferedImage)} reads the samples a decoder returns, whatever their layout: a
 * palette is looked up (3 channels), grey stays grey (1 channel), 16-bit samples are scaled to 8
 * bits ({@code round(v·255/65535)}), a colour space other than grey or RGB (CMYK, YCCK, Lab) is
 * converted to sRGB. Other RGB colour spaces are read as they are, without ICC conversion, as PIL
 * and torchvision read them. Transparency is composited over white, {@code c' = (c·a + 255·(255 −
 * a)) / 255}: transparent regions of product shots and logos show as the white page they are drawn
 * on, rather than as whatever colour the file left under alpha 0.
 */
public record Pixels(int width, int height, int channels, byte[] data) {

    /** The background transparent pixels are composited on. */
    public static final int BACKGROUND = 255;

    public Pixels {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (data.length != (long) width * height * channels) {
            throw new IllegalArgumentException(
                    width
                            + "x"
                            + height
                            + "x"
                            + channels
                            + " needs "
                            + (long) width * height * channels
                            + " bytes, got "
                            + data.length);
        }
    }

    /** The colour channels streamssl gives an image of this colour model: 1 for grey, else 3. */
    public static int channelsOf(ColorModel model) {
        return !(model instanceof IndexColorModel)
                        && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                ? 1
                : 3;
    }

    /** The image's samples as 8-bit grey or RGB, transparency composited over white. */
    public static Pixels of(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette);
        }
        int space = model.getColorSpace().getType();
        if (space != ColorSpace.TYPE_GRAY && space != ColorSpace.TYPE_RGB) {
            BufferedImage rgb =
                    new BufferedImage(
                            image.getWidth(),
                            image.getHeight(),
                            model.hasAlpha()
                                    ? BufferedImage.TYPE_INT_ARGB
                                    : BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(image, rgb);
            return of(rgb);
        }
        if (model.isAlphaPremultiplied()) {
            image.coerceData(false);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int colour = space == ColorSpace.TYPE_GRAY ? 1 : 3;
        Raster raster = image.getRaster();
        int plane = w * h;
        byte[] out = new byte[colour * plane];
        int[] alpha = model.hasAlpha() ? eightBit(raster, colour, model, w, h) : null;
        for (int c = 0; c < colour; c++) {
            int[] v = eightBit(raster, c, model, w, h);
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (byte) (alpha == null ? v[i] : overWhite(v[i], alpha[i]));
            }
        }
        return new Pixels(w, h, colour, out);
    }

    private static Pixels fromPalette(Raster raster, IndexColorModel palette) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int n = palette.getMapSize();
        byte[][] rgb = {new byte[n], new byte[n], new byte[n]};
        byte[] alpha = new byte[n];
        palette.getReds(rgb[0]);
        palette.getGreens(rgb[1]);
        palette.getBlues(rgb[2]);
        palette.getAlphas(alpha);
        int[] index = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        int plane = w * h;
        byte[] out = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                int k = Math.min(index[i], n - 1);
                out[c * plane + i] = (byte) overWhite(rgb[c][k] & 0xFF, alpha[k] & 0xFF);
            }
        }
        return new Pixels(w, h, 3, out);
    }

    /** One band's samples scaled to 0..255. */
    private static int[] eightBit(Raster raster, int band, ColorModel model, int w, int h) {
        int[] v = raster.getSamples(0, 0, w, h, band, (int[]) null);
        int bits = model.getComponentSize(band);
        if (bits != 8) {
            long max = (1L << bits) - 1;
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) ((v[i] * 255L + max / 2) / max);
            }
        }
        return v;
    }

    private static int overWhite(int value, int alpha) {
        return (value * alpha + BACKGROUND * (255 - alpha) + 127) / 255;
    }

    /** The same image with {@code target} channels: grey replicated, or RGB to ITU-R 601 luma. */
    public Pixels withChannels(int target) {
        if (target == channels) {
            return this;
        }
        int plane = width * height;
        byte[] out = new byte[target * plane];
        if (target == 3) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(data, 0, out, c * plane, plane);
            }
        } else {
            for (int i = 0; i < plane; i++) {
                int r = data[i] & 0xFF;
                int g = data[plane + i] & 0xFF;
                int b = data[2 * plane + i] & 0xFF;
                out[i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
            }
        }
        return new Pixels(width, height, target, out);
    }

    /** Equal sizes and equal samples. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Pixels p
                && p.width == width
                && p.height == height
                && p.channels == channels
                && java.util.Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(width, height, channels)
                + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Pixels[" + width + "x" + height + "x" + channels + "]";
    }

    /** The sample of channel c at (x, y), 0..255. */
    public int at(int c, int x, int y) {
        return data[(c * height + y) * width + x] & 0xFF;
    }

    /** As a {@link BufferedImage} (TYPE_BYTE_GRAY or TYPE_INT_RGB), for encoding. */
    public BufferedImage toBufferedImage() {
        int plane = width * height;
        if (channels == 1) {
            BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            grey.getRaster().setDataElements(0, 0, width, height, data);
            return grey;
        }
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] =
                    (data[i] & 0xFF) << 16
                            | (data[plane + i] & 0xFF) << 8
                            | data[2 * plane + i] & 0xFF;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.getRaster().setDataElements(0, 0, width, height, rgb);
        return image;
    }
}
