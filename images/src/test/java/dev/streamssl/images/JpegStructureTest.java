package dev.streamssl.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The marker walk that tells a JPEG cut short, on the files the JDK's writer makes (baseline,
 * progressive, grey, Adobe CMYK and YCCK, with an EXIF segment) and on hand-made byte sequences for
 * what the writer does not make (restart markers, fill bytes). No decoder is involved, so no
 * decoder's wording can change the answer.
 */
class JpegStructureTest {
    private static final Pixels PHOTO = TestPictures.gradient(48, 32);

    private static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("baseline", CameraFiles.jpeg(PHOTO, 0.9f, false));
        files.put("progressive", CameraFiles.jpeg(PHOTO, 0.9f, true));
        files.put("grey", CameraFiles.jpeg(PHOTO.withChannels(1), 0.9f, false));
        files.put("cmyk", CameraFiles.cmykJpeg(PHOTO, false));
        files.put("ycck", CameraFiles.cmykJpeg(PHOTO, true));
        files.put("exif", CameraFiles.orientedJpeg(PHOTO, 6, 0.9f));
        return files;
    }

    @Test
    void aCompleteFileReachesItsEndEvenWithBytesAfterIt() {
        files().forEach(
                        (kind, file) -> {
                            assertThat(JpegStructure.missingEnd(file)).as(kind).isEmpty();
                            // a camera's trailer, or the zeros of a file written into a larger
                            // block
                            byte[] trailed = Arrays.copyOf(file, file.length + 300);
                            trailed[file.length + 10] = (byte) 0xFF;
                            trailed[file.length + 11] = (byte) 0xD8;
                            assertThat(JpegStructure.missingEnd(trailed)).as(kind).isEmpty();
                        });
    }

    @Test
    void everyShorterPrefixOfAFileIsCutShort() {
        files().forEach(
                        (kind, file) -> {
                            for (int length = 2; length < file.length; length++) {
                                assertThat(JpegStructure.missingEnd(Arrays.copyOf(file, length)))
                                        .as(
                                                kind
                                                        + " cut to "
                                                        + length
                                                        + " of "
                                                        + file.length
                                                        + " bytes")
                                        .hasValueSatisfying(
                                                why ->
                                                        assertThat(why)
                                                                .contains(
                                                                        "end-of-image marker (FF D9)"));
                            }
                        });
    }

    @Test
    void aFileCutShortAndPaddedWithZerosIsCutShort() {
        // a file preallocated at its full size and written only in part: the decoder reads the
        // zeros as image data, and the length alone looks right
        files().forEach(
                        (kind, file) -> {
                            byte[] padded = file.clone();
                            Arrays.fill(padded, file.length / 2, file.length, (byte) 0);
                            assertThat(JpegStructure.missingEnd(padded))
                                    .as(kind)
                                    .hasValueSatisfying(
                                            why ->
                                                    assertThat(why)
                                                            .contains(
                                                                    "end-of-image marker (FF D9)"));
                        });
    }

    @Test
    void anEndMarkerInsideAThumbnailIsNotTheFilesEnd() {
        byte[] thumbnail = CameraFiles.jpeg(TestPictures.gradient(8, 8), 0.9f, false);
        byte[] photo = CameraFiles.jpeg(PHOTO, 0.9f, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(photo, 0, 2); // SOI
        // an APP1 segment carrying a whole JPEG, FF D9 included, as an EXIF thumbnail does
        int length = 2 + 6 + thumbnail.length;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(thumbnail);
        out.write(photo, 2, photo.length - 2);
        byte[] file = out.toByteArray();

        assertThat(JpegStructure.missingEnd(file)).isEmpty();
        int cut = file.length - photo.length / 3; // inside the photo's scan
        assertThat(JpegStructure.missingEnd(Arrays.copyOf(file, cut))).isPresent();
    }

    @Test
    void stuffedBytesRestartMarkersAndFillBytesDoNotEndAScan() {
        byte[] head = {
            (byte) 0xFF,
            (byte) 0xD8, // SOI
            (byte) 0xFF,
            (byte) 0xDD,
            0,
            4,
            0,
            1, // DRI: a restart every MCU
            (byte) 0xFF,
            (byte) 0xDA,
            0,
            8,
            1,
            1,
            0,
            0,
            63,
            0 // SOS, one component
        };
        byte[] scan = {
            0x12,
            (byte) 0xFF,
            0,
            0x34, // a stuffed FF data byte
            (byte) 0xFF,
            (byte) 0xD0,
            0x56, // RST0
            (byte) 0xFF,
            (byte) 0xD1,
            0x78,
            (byte) 0xFF,
            (byte) 0xFF // RST1, then fill bytes
        };
        byte[] end = {(byte) 0xFF, (byte) 0xD9};
        byte[] complete = concat(head, scan, end);
        assertThat(JpegStructure.missingEnd(complete)).isEmpty();
        for (int length = head.length; length < complete.length; length++) {
            assertThat(JpegStructure.missingEnd(Arrays.copyOf(complete, length)))
                    .as("cut to " + length)
                    .hasValueSatisfying(why -> assertThat(why).contains("inside a scan"));
        }
    }

    @Test
    void aSegmentLengthBelowTwoIsNamed() {
        byte[] file = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 1, (byte) 0xFF};
        assertThat(JpegStructure.missingEnd(file))
                .hasValueSatisfying(
                        why ->
                                assertThat(why)
                                        .contains("FFE0 segment at byte 2 declares a length of 1"));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
