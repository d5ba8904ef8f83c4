package dev.streamssl.images;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;

/**
 * An {@link ImageReader} per decodable format, made without the JVM-wide ImageIO registry.
 *
 * <p>JPEG is read by TwelveMonkeys' reader (CMYK and YCCK JPEGs, which the JDK's own reader
 * refuses, with broken ICC profiles tolerated), which delegates the plain cases to the JDK's
 * reader; WebP by TwelveMonkeys' WebP reader; PNG by the JDK's reader (palette, grey, grey + alpha,
 * RGBA, 16 bits). The plugins are instantiated here, not found through {@code
 * ImageIO.scanForPlugins}: in a Flink TaskManager the job's classes live in a per-job class loader,
 * and a plugin registered in the JVM-wide registry would pin that class loader (and be missing when
 * another loader asked first).
 */
final class Readers {
    private static final ImageReaderSpi JPEG = jpegProvider();
    private static final ImageReaderSpi WEBP = new WebPImageReaderSpi();

    private Readers() {}

    /** A new reader of the format; dispose it after use. */
    static ImageReader create(ImageFormat format) throws IOException {
        return switch (format) {
            case JPEG -> JPEG.createReaderInstance(null);
            case WEBP -> WEBP.createReaderInstance(null);
            case PNG -> jdkReader("png");
            default -> throw new IllegalArgumentException(format + " is not decodable");
        };
    }

    private static ImageReader jdkReader(String formatName) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getOriginatingProvider().getClass().getName().startsWith("com.sun.")) {
                return reader;
            }
            reader.dispose();
        }
        throw new IllegalStateException("the JDK has no " + formatName + " reader");
    }

    /**
     * TwelveMonkeys' JPEG provider finds the JDK's JPEG provider, to which it delegates, when it is
     * registered: so it is registered in a private registry that holds the JDK's provider too.
     */
    private static ImageReaderSpi jpegProvider() {
        ImageReaderSpi jdk = null;
        Iterator<ImageReaderSpi> all =
                IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, false);
        while (all.hasNext()) {
            ImageReaderSpi spi = all.next();
            if (spi.getClass()
                    .getName()
                    .equals("com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi")) {
                jdk = spi;
            }
        }
        if (jdk == null) {
            throw new IllegalStateException("the JDK has no JPEG reader");
        }
        ServiceRegistry registry =
                new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
        registry.registerServiceProvider(jdk, ImageReaderSpi.class);
        JPEGImageReaderSpi twelveMonkeys = new JPEGImageReaderSpi();
        registry.registerServiceProvider(twelveMonkeys, ImageReaderSpi.class);
        return twelveMonkeys;
    }
}
