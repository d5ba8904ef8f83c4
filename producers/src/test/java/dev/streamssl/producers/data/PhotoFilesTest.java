package dev.streamssl.producers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.images.CameraFiles;
import dev.streamssl.images.ImageFile;
import dev.streamssl.images.Pixels;
import dev.streamssl.schemas.Encoding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders, manifests and the preparation of each file for publishing. */
class PhotoFilesTest {
    @TempDir Path root;

    private static Pixels photo(int w, int h) {
        byte[] data = new byte[3 * w * h];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 % 251);
        }
        return new Pixels(w, h, 3, data);
    }

    private void write(String name, byte[] bytes) throws Exception {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Test
    void labelsComeFromSortedFolderNamesWithTheNameAsATag() throws Exception {
        write("sneaker/a.png", CameraFiles.png(photo(30, 20), CameraFiles.PngKind.GREY));
        write("bag/b.jpg", CameraFiles.jpeg(photo(16, 16), 0.9f, false));
        write("bag/notes.txt", "not an image".getBytes(StandardCharsets.UTF_8));
        write("bag/.DS_Store", new byte[] {0, 0, 0, 1});
        write("loose.jpg", CameraFiles.jpeg(photo(8, 8), 0.9f, false));

        assertThat(PhotoFolder.classes(root)).containsExactly("bag", "sneaker");
        List<PhotoEntry> entries = PhotoFolder.list(root, true);
        // every file but the hidden one, in path order; a non-image is listed (and counted later)
        assertThat(entries)
                .extracting(PhotoEntry::id)
                .containsExactly("bag/b.jpg", "bag/notes.txt", "loose.jpg", "sneaker/a.png");
        assertThat(entries).extracting(PhotoEntry::label).containsExactly(0, 0, null, 1);
        assertThat(entries.get(3).tags()).containsEntry(ClassNames.TAG, "sneaker");
        assertThat(entries.get(2).tags()).isEmpty();
        assertThat(PhotoFolder.list(root, false)).extracting(PhotoEntry::label).containsOnlyNulls();
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> PhotoFolder.list(root.resolve("nope"), true))
                .hasMessageContaining("nope")
                .hasMessageContaining("is not a directory");
    }

    @Test
    void readsACsvManifestWithNamedLabels() throws Exception {
        Path manifest = root.resolve("list.csv");
        Files.writeString(
                manifest,
                "path,label,split,tags\n"
                        + "img/1.jpg,dog,train,camera=3;site=north\n"
                        + "\"img/2, copy.jpg\",cat,test,\n"
                        + "/abs/3.jpg,,,\n");
        List<PhotoEntry> entries = PhotoManifest.read(manifest);
        assertThat(entries)
                .extracting(PhotoEntry::id)
                .containsExactly("img/1.jpg", "img/2, copy.jpg", "/abs/3.jpg");
        // names numbered in sorted order: cat 0, dog 1
        assertThat(entries).extracting(PhotoEntry::label).containsExactly(1, 0, null);
        assertThat(entries.get(0).tags())
                .containsEntry("class", "dog")
                .containsEntry("split", "train")
                .containsEntry("camera", "3")
                .containsEntry("site", "north");
        assertThat(entries.get(1).tags()).containsEntry("split", "test");
        assertThat(entries.get(0).file()).isEqualTo(root.toAbsolutePath().resolve("img/1.jpg"));
        assertThat(entries.get(2).file()).isEqualTo(Path.of("/abs/3.jpg"));
    }

    @Test
    void readsAJsonLinesManifestWithIntegerLabels() throws Exception {
        Path manifest = root.resolve("list.jsonl");
        Files.writeString(
                manifest,
                "{\"path\": \"a.png\", \"label\": 4, \"split\": \"test\", \"tags\": {\"k\": \"v\"}}\n"
                        + "\n{\"path\": \"b.png\"}\n");
        List<PhotoEntry> entries = PhotoManifest.read(manifest);
        assertThat(entries).extracting(PhotoEntry::label).containsExactly(4, null);
        assertThat(entries.get(0).tags()).isEqualTo(Map.of("split", "test", "k", "v"));
    }

    @Test
    void namesTheLineOfABadManifestEntry() throws Exception {
        Path csv = root.resolve("bad.csv");
        Files.writeString(csv, "path,label\na.jpg,1\n,2\n");
        assertThatThrownBy(() -> PhotoManifest.read(csv)).hasMessageContaining("line 3");
        Path noPath = root.resolve("bad2.csv");
        Files.writeString(noPath, "file,label\na.jpg,1\n");
        assertThatThrownBy(() -> PhotoManifest.read(noPath)).hasMessageContaining("'path' column");
        Path json = root.resolve("bad.jsonl");
        Files.writeString(json, "{\"path\": \"a\"}\n{\"label\": 1}\n");
        assertThatThrownBy(() -> PhotoManifest.read(json)).hasMessageContaining("line 2");
    }

    @Test
    void shrinksALargePhotoUprightAndSendsASmallOneAsItIs() throws Exception {
        // a 1600×1200 camera frame held upright (orientation 6): a 1200×1600 portrait
        byte[] big =
                CameraFiles.withExifOrientation(
                        CameraFiles.jpeg(photo(1600, 1200), 0.95f, false), 6);
        write("big.jpg", big);
        byte[] small = CameraFiles.png(photo(40, 30), CameraFiles.PngKind.PALETTE);
        write("small.png", small);
        PhotoPreparer preparer = new PhotoPreparer(512, 1 << 20);

        LabeledImage shrunk = preparer.prepare(entry("big.jpg"));
        assertThat(shrunk.encoding()).isEqualTo(Encoding.JPEG);
        assertThat(shrunk.width()).isEqualTo(384);
        assertThat(shrunk.height()).isEqualTo(512);
        assertThat(shrunk.data().length).isLessThan(big.length / 4);
        // the orientation is baked in: the re-encoded file has no tag and decodes upright
        assertThat(ImageFile.probe(shrunk.data()).orientation()).isEqualTo(1);

        LabeledImage kept = preparer.prepare(entry("small.png"));
        assertThat(kept.data()).isEqualTo(small);
        assertThat(kept.encoding()).isEqualTo(Encoding.PNG);
        assertThat(kept.channels()).isEqualTo(3);

        assertThat(new PhotoPreparer(0, 1 << 22).prepare(entry("big.jpg")).data()).isEqualTo(big);
    }

    @Test
    void givesTheReasonForEachFileItCannotSend() throws Exception {
        byte[] jpeg = CameraFiles.jpeg(photo(400, 300), 0.9f, false);
        write("empty.jpg", new byte[0]);
        write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        write("notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
        write("photo.heic", heif());
        write("huge.jpg", jpeg);
        PhotoPreparer preparer = new PhotoPreparer(0, 1000);
        assertReason(preparer, "empty.jpg", "empty");
        assertReason(preparer, "cut.jpg", "corrupt");
        assertReason(preparer, "notes.txt", "not-an-image");
        assertReason(preparer, "photo.heic", "unsupported-format");
        assertReason(preparer, "huge.jpg", "too-large");
        assertReason(preparer, "missing.jpg", "unreadable");
    }

    @Test
    void aSourceYieldsTheGoodFilesAndCountsTheOthersOnce() throws Exception {
        write("a/1.jpg", CameraFiles.jpeg(photo(64, 48), 0.9f, false));
        write("a/2.jpg", new byte[0]);
        write("b/3.png", CameraFiles.png(photo(64, 48), CameraFiles.PngKind.RGBA));
        write("b/4.txt", "x".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SkippedFiles skipped = new SkippedFiles(new PrintStream(err, true, StandardCharsets.UTF_8));
        PhotoSource source =
                new PhotoSource(
                        PhotoFolder.list(root, true),
                        new PhotoPreparer(1024, 1 << 20),
                        skipped,
                        "test");
        for (int pass = 0; pass < 2; pass++) {
            List<String> ids = new ArrayList<>();
            source.iterator().forEachRemaining(i -> ids.add(i.id()));
            assertThat(ids).containsExactly("a/1.jpg", "b/3.png");
        }
        assertThat(skipped.counts()).isEqualTo(Map.of("empty", 1L, "not-an-image", 1L));
        assertThat(skipped.summary()).isEqualTo("2 (empty 1, not-an-image 1)");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("a/2.jpg (empty)")
                .contains("b/4.txt (not-an-image)");
    }

    @Test
    void shufflesTheSameWayForTheSameSeed() throws Exception {
        List<PhotoEntry> sorted = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sorted.add(new PhotoEntry(root.resolve(i + ".jpg"), i + ".jpg", i / 10, Map.of()));
        }
        List<PhotoEntry> once = PhotoSource.shuffled(sorted, 7);
        assertThat(PhotoSource.shuffled(sorted, 7)).isEqualTo(once);
        assertThat(once).isNotEqualTo(sorted).containsExactlyInAnyOrderElementsOf(sorted);
        assertThat(PhotoSource.shuffled(sorted, 8)).isNotEqualTo(once);
    }

    private PhotoEntry entry(String name) {
        return new PhotoEntry(root.resolve(name), name, null, Map.of());
    }

    private void assertReason(PhotoPreparer preparer, String name, String reason) {
        assertThatThrownBy(() -> preparer.prepare(entry(name)))
                .isInstanceOf(PhotoPreparer.Skipped.class)
                .extracting(e -> ((PhotoPreparer.Skipped) e).reason())
                .isEqualTo(reason);
    }

    private static byte[] heif() {
        byte[] b = new byte[64];
        System.arraycopy("\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 12);
        return b;
    }
}
