package dev.streamssl.images;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes the kinds of files cameras, phones, scanners and scrapers produce, from 8-bit RGB pixels:
 * baseline and progressive JPEG (optionally with an EXIF orientation, stored as a camera stores a
 * rotated shot), Adobe CMYK and YCCK JPEG, and PNG as palette, grey, grey + alpha, RGBA and 16-bit
 * RGB. The publisher re-encodes large photos with {@link #jpeg}; the tests and {@code streamssl
 * photos} build folders of every kind with the rest.
 *
 * <p>Adobe's CMYK JPEGs store inverted ink ({@code 255 − C}); its YCCK JPEGs store C, M, Y through
 * the JFIF YCbCr transform and K inverted (APP14 transform 2) — as Photoshop writes them.
 */
public final class CameraFiles {
    private CameraFiles() {}

    /** A JPEG of the pixels (grey or RGB) at a quality in (0, 1]. */
    public static byte[] jpeg(Pixels pixels, float quality, boolean progressive) {
        ImageWriter writer = jdkWriter("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        return write(writer, new IIOImage(pixels.toBufferedImage(), null, null), param);
    }

    /**
     * The pixels as a camera stores a shot taken with the camera turned: the stored image is the
     * inverse of {@code orientation}'s display transform, and the tag says how to undo it.
     */
    public static byte[] orientedJpeg(Pixels upright, int orientation, float quality) {
        Pixels stored = upright;
        // applying an orientation's inverse: 6 and 8 are each other's inverse, the others their own
        int inverse = orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
        stored = ExifOrientation.apply(upright, inverse);
        return withExifOrientation(jpeg(stored, quality, false), orientation);
    }

    /** A JPEG with an APP1 Exif segment holding one IFD0 entry, Orientation, after SOI. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'M',
            'M',
            0,
            42,
            0,
            0,
            0,
            8, // big-endian TIFF header, IFD0 at offset 8
            0,
            1, // one entry
            0x01,
            0x12,
            0,
            3,
            0,
            0,
            0,
            1,
            0,
            (byte) orientation,
            0,
            0, // Orientation SHORT
            0,
            0,
            0,
            0 // no next IFD
        };
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 2);
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write('E');
        out.write('x');
        out.write('i');
        out.write('f');
        out.write(0);
        out.write(0);
        out.write(tiff, 0, tiff.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** An Adobe CMYK (transform 0) or YCCK (transform 2) JPEG of the RGB pixels, naive CMYK. */
    public static byte[] cmykJpeg(Pixels rgb, boolean ycck) {
        Pixels p = rgb.withChannels(3);
        int w = p.width();
        int h = p.height();
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = p.at(0, x, y);
                int g = p.at(1, x, y);
                int b = p.at(2, x, y);
                int k = 255 - Math.max(r, Math.max(g, b));
                int c = k == 255 ? 0 : (255 - r - k) * 255 / (255 - k);
                int m = k == 255 ? 0 : (255 - g - k) * 255 / (255 - k);
                int yy = k == 255 ? 0 : (255 - b - k) * 255 / (255 - k);
                if (ycck) {
                    raster.setSample(x, y, 0, clamp(0.299 * c + 0.587 * m + 0.114 * yy));
                    raster.setSample(x, y, 1, clamp(128 - 0.168736 * c - 0.331264 * m + 0.5 * yy));
                    raster.setSample(x, y, 2, clamp(128 + 0.5 * c - 0.418688 * m - 0.081312 * yy));
                } else {
                    raster.setSample(x, y, 0, 255 - c);
                    raster.setSample(x, y, 1, 255 - m);
                    raster.setSample(x, y, 2, 255 - yy);
                }
                raster.setSample(x, y, 3, 255 - k);
            }
        }
        ImageWriter writer = jdkWriter("jpeg");
        ColorSpace cmyk =
                com.twelvemonkeys.imageio.color.ColorSpaces.getColorSpace(
                        com.twelvemonkeys.imageio.color.ColorSpaces.CS_GENERIC_CMYK);
        ImageTypeSpecifier type =
                ImageTypeSpecifier.createInterleaved(
                        cmyk, new int[] {0, 1, 2, 3}, DataBuffer.TYPE_BYTE, false, false);
        IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode adobe = (IIOMetadataNode) root.getElementsByTagName("app14Adobe").item(0);
        adobe.setAttribute("transform", ycck ? "2" : "0");
        try {
            metadata.setFromTree(format, root);
        } catch (javax.imageio.metadata.IIOInvalidTreeException e) {
            throw new IllegalStateException(e);
        }
        return write(writer, new IIOImage(raster, null, metadata), writer.getDefaultWriteParam());
    }

    /** PNG kinds a folder of real files holds. */
    public enum PngKind {
        RGB,
        /** 8-bit palette of at most 256 colours (the image's colours quantised to 6×6×6). */
        PALETTE,
        GREY,
        /** Grey with an alpha channel: the left half opaque, the right half half transparent. */
        GREY_ALPHA,
        /** RGB with alpha: the left half opaque, the right half half transparent. */
        RGBA,
        /** 16 bits per RGB sample. */
        RGB16
    }

    /** A PNG of the pixels in one of the layouts cameras and editors write. */
    public static byte[] png(Pixels pixels, PngKind kind) {
        Pixels p = pixels.withChannels(kind == PngKind.GREY || kind == PngKind.GREY_ALPHA ? 1 : 3);
        int w = p.width();
        int h = p.height();
        BufferedImage image;
        switch (kind) {
            case RGB, GREY -> image = p.toBufferedImage();
            case PALETTE -> {
                byte[] r = new byte[216];
                byte[] g = new byte[216];
                byte[] b = new byte[216];
                for (int i = 0; i < 216; i++) {
                    r[i] = (byte) (i / 36 * 51);
                    g[i] = (byte) (i / 6 % 6 * 51);
                    b[i] = (byte) (i % 6 * 51);
                }
                image =
                        new BufferedImage(
                                w,
                                h,
                                BufferedImage.TYPE_BYTE_INDEXED,
                                new IndexColorModel(8, 216, r, g, b));
                WritableRaster raster = image.getRaster();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i =
                                level(p.at(0, x, y)) * 36
                                        + level(p.at(1, x, y)) * 6
                                        + level(p.at(2, x, y));
                        raster.setSample(x, y, 0, i);
                    }
                }
            }
            case GREY_ALPHA, RGBA, RGB16 -> {
                boolean grey = kind == PngKind.GREY_ALPHA;
                boolean alpha = kind != PngKind.RGB16;
                int bits = kind == PngKind.RGB16 ? 16 : 8;
                ComponentColorModel model =
                        new ComponentColorModel(
                                ColorSpace.getInstance(
                                        grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB),
                                alpha,
                                false,
                                alpha
                                        ? java.awt.Transparency.TRANSLUCENT
                                        : java.awt.Transparency.OPAQUE,
                                bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
                WritableRaster raster = model.createCompatibleWritableRaster(w, h);
                int colour = grey ? 1 : 3;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < colour; c++) {
                            int v = p.at(c, x, y);
                            raster.setSample(x, y, c, bits == 16 ? v * 257 : v);
                        }
                        if (alpha) {
                            raster.setSample(x, y, colour, x < w / 2 ? 255 : 128);
                        }
                    }
                }
                image = new BufferedImage(model, raster, false, null);
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        ImageWriter writer = jdkWriter("png");
        return write(writer, new IIOImage(image, null, null), writer.getDefaultWriteParam());
    }

    private static int level(int v) {
        return (v + 25) / 51;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static ImageWriter jdkWriter(String format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                return w;
            }
            w.dispose();
        }
        throw new IllegalStateException("the JDK has no " + format + " writer");
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
