package dev.streamssl.images;

import java.util.Locale;

/**
 * The file format of an image, told from its first bytes (its magic number), never from a file name
 * or what a record declares. streamssl decodes JPEG, PNG and WebP; the others are recognised only
 * so that a rejection can name what the file is ("a HEIF file, which is not supported").
 */
public enum ImageFormat {
    JPEG(true),
    PNG(true),
    WEBP(true),
    GIF(false),
    BMP(false),
    TIFF(false),
    HEIF(false),
    AVIF(false);

    private final boolean decodable;

    ImageFormat(boolean decodable) {
        this.decodable = decodable;
    }

    /** Whether streamssl decodes this format. */
    public boolean decodable() {
        return decodable;
    }

    /** The format's usual name, for messages: JPEG, PNG, WebP, HEIF, ... */
    public String displayName() {
        return this == WEBP ? "WebP" : name();
    }

    /**
     * The format of {@code bytes}, or null when they start like no image format known here.
     *
     * @param bytes a file's contents (only the first 16 bytes are read)
     */
    public static ImageFormat sniff(byte[] bytes) {
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return WEBP;
        }
        if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
            return GIF;
        }
        if (startsWith(bytes, 0, 'B', 'M') && bytes.length >= 26) {
            return BMP;
        }
        if (startsWith(bytes, 0, 'I', 'I', 0x2A, 0x00) || startsWith(bytes, 0, 'M', 'M', 0, 0x2A)) {
            return TIFF;
        }
        if (startsWith(bytes, 4, 'f', 't', 'y', 'p') && bytes.length >= 12) {
            String brand = new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            String b = brand.toLowerCase(Locale.ROOT);
            if (b.startsWith("avi")) {
                return AVIF;
            }
            if (b.startsWith("hei")
                    || b.startsWith("hev")
                    || b.equals("mif1")
                    || b.equals("msf1")) {
                return HEIF;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... magic) {
        if (bytes == null || bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
