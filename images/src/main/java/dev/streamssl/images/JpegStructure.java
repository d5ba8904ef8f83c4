package dev.streamssl.images;

import java.util.Optional;

/**
 * Whether a JPEG file's bytes reach its end-of-image marker, found by walking the file's marker
 * structure (ITU-T T.81, Annex B) and not by decoding it. After SOI ({@code FF D8}) each segment
 * starts with a marker {@code FF xx}; all but the stand-alone markers (TEM, RST0–7) carry a
 * two-byte big-endian length that counts itself, and are skipped by it, so that an EXIF thumbnail
 * (a whole JPEG, {@code FF D9} included, inside APP1) is not mistaken for the end. A scan's
 * entropy-coded data follows its SOS header and runs up to the first {@code FF} that is followed
 * neither by {@code 00} (a stuffed data byte) nor by a restart marker. A complete file reaches EOI
 * ({@code FF D9}) after its last scan; bytes after EOI (a camera's trailer, padding) are ignored.
 *
 * <p>This is what tells a file cut short: the JDK's JPEG decoder pads the missing rows with grey,
 * and says so only in a warning whose wording is the decoder's own.
 */
final class JpegStructure {
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    private JpegStructure() {}

    /**
     * Empty if the file reaches its end-of-image marker; otherwise where its data ends instead.
     *
     * @param jpeg a file that starts with SOI ({@code FF D8})
     */
    static Optional<String> missingEnd(byte[] jpeg) {
        int n = jpeg.length;
        int i = 2; // after SOI
        while (true) {
            // the next marker; bytes before it are skipped as libjpeg skips them, fill bytes too
            while (i < n && jpeg[i] != (byte) 0xFF) {
                i++;
            }
            while (i < n && jpeg[i] == (byte) 0xFF) {
                i++;
            }
            if (i >= n) {
                return endsAt(n, "between two segments");
            }
            int marker = jpeg[i++] & 0xFF;
            if (marker == EOI) {
                return Optional.empty();
            }
            if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // a stray stuffed byte, TEM or RSTn: no length
            }
            if (i + 2 > n) {
                return endsAt(n, "inside the length of an FF" + hex(marker) + " segment");
            }
            int length = ((jpeg[i] & 0xFF) << 8) | (jpeg[i + 1] & 0xFF);
            if (length < 2) {
                return Optional.of(
                        "its FF"
                                + hex(marker)
                                + " segment at byte "
                                + (i - 2)
                                + " declares a length of "
                                + length
                                + ", so its end-of-image marker (FF D9) cannot be found");
            }
            i += length;
            if (i > n) {
                return endsAt(n, "inside an FF" + hex(marker) + " segment");
            }
            if (marker == SOS) {
                i = endOfEntropyCodedData(jpeg, i);
                if (i >= n) {
                    return endsAt(n, "inside a scan");
                }
            }
        }
    }

    /** The index of the marker that ends the entropy-coded data starting at {@code i}, or n. */
    private static int endOfEntropyCodedData(byte[] jpeg, int i) {
        int n = jpeg.length;
        while (i < n) {
            if (jpeg[i] != (byte) 0xFF) {
                i++;
                continue;
            }
            if (i + 1 >= n) {
                return n;
            }
            int next = jpeg[i + 1] & 0xFF;
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                i += 2; // a stuffed FF data byte, or a restart marker inside the scan
            } else if (next == 0xFF) {
                i++; // a fill byte before a marker
            } else {
                return i;
            }
        }
        return n;
    }

    private static Optional<String> endsAt(int length, String where) {
        return Optional.of(
                "its data ends after "
                        + length
                        + " bytes, "
                        + where
                        + ", before its end-of-image marker (FF D9)");
    }

    private static String hex(int marker) {
        return String.format("%02X", marker);
    }
}
