package dev.streamssl.stack;

import dev.streamssl.producers.data.FashionMnist;
import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.ListImageSource;
import dev.streamssl.producers.data.PhotoEntry;
import dev.streamssl.producers.data.PhotoFolder;
import dev.streamssl.producers.data.PhotoPreparer;
import dev.streamssl.producers.data.PhotoSource;
import dev.streamssl.producers.data.SkippedFiles;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.schemas.RecordLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The demo's three image sets: the training stream, the labelled bank (a subset of the training
 * split) and the test set, from Fashion-MNIST, the built-in generator or a labelled photo folder.
 */
public record DemoData(String name, ImageSource train, ImageSource bank, ImageSource test) {

    public static DemoData fashionMnist(int bankSize, int testSize) throws IOException {
        FashionMnist train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train");
        FashionMnist test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
        return new DemoData(
                "fashion-mnist", train, first(train, bankSize, "bank-"), first(test, testSize, ""));
    }

    /**
     * Fashion-MNIST for a measurement that needs many queries: the last {@code heldOut} training
     * images leave the training stream (which loops over the rest) and join the test split as
     * queries, never trained on; the bank is the first {@code bankSize} training images. More
     * queries make the standard error of a kNN accuracy smaller: 30 000 instead of 10 000 cut it by
     * √3.
     */
    public static DemoData fashionMnistWithHeldOut(int bankSize, int heldOut) throws IOException {
        FashionMnist train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train");
        FashionMnist test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
        int streamSize = train.size() - heldOut;
        if (heldOut < 0 || streamSize < bankSize) {
            throw new IllegalArgumentException(
                    "--held-out "
                            + heldOut
                            + " leaves "
                            + streamSize
                            + " of the "
                            + train.size()
                            + " training images for the stream, fewer than the bank's "
                            + bankSize);
        }
        List<LabeledImage> queries = new ArrayList<>();
        test.iterator().forEachRemaining(queries::add);
        Iterator<LabeledImage> it = train.iterator();
        for (int i = 0; it.hasNext(); i++) {
            LabeledImage image = it.next();
            if (i >= streamSize) {
                queries.add(image.withId("held-out-" + image.id()));
            }
        }
        return new DemoData(
                "fashion-mnist, " + heldOut + " held-out training images as queries too",
                first(train, streamSize, ""),
                first(train, bankSize, "bank-"),
                new ListImageSource(
                        "test split and " + heldOut + " held-out training images", queries));
    }

    public static DemoData synthetic(int bankSize, int testSize) {
        return new DemoData(
                "synthetic",
                new SyntheticImages(20_000, 1, "train-"),
                new SyntheticImages(bankSize, 2, "bank-"),
                new SyntheticImages(testSize, 3, "test-"));
    }

    /** Share of a folder's images that go to the test split (by a hash of the id). */
    public static final int TEST_PERCENT = 20;

    /**
     * A labelled folder of photos: every file read and checked once (files that cannot be published
     * are counted in {@code skipped}), shrunk to {@code maxSide} as {@code publish} does, and held
     * in memory. An image is in the test split when the CRC-32 of its id (its path in the folder,
     * UTF-8) modulo 100 is below {@link #TEST_PERCENT}: a split anyone can reproduce (Python:
     * {@code zlib.crc32(id.encode()) % 100 < 20}) that does not move when files are added. The bank
     * is the first {@code bankSize} training images in path order, the test set the first {@code
     * testSize} test images; the training stream is the training split shuffled with a fixed seed.
     */
    public static DemoData photos(
            Path dir, int bankSize, int testSize, int maxSide, SkippedFiles skipped)
            throws IOException {
        List<PhotoEntry> entries = PhotoSource.shuffled(PhotoFolder.list(dir, true), 1);
        PhotoPreparer preparer = new PhotoPreparer(maxSide, RecordLimits.IMAGE_BYTES);
        List<LabeledImage> train = new ArrayList<>();
        List<LabeledImage> test = new ArrayList<>();
        for (PhotoEntry entry : entries) {
            if (entry.label() == null) {
                skipped.skip("unlabelled", entry.file().toString(), "not in a class sub-folder");
                continue;
            }
            LabeledImage image;
            try {
                image = preparer.prepare(entry);
            } catch (PhotoPreparer.Skipped e) {
                skipped.skip(e.reason(), entry.file().toString(), e.getMessage());
                continue;
            }
            (inTestSplit(image.id()) ? test : train).add(image);
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException(
                    dir
                            + " gives "
                            + train.size()
                            + " training and "
                            + test.size()
                            + " test images; the demo needs labelled photos in class sub-folders"
                            + " (about "
                            + TEST_PERCENT
                            + " % go to the test split)");
        }
        List<LabeledImage> bank = new ArrayList<>();
        for (LabeledImage image : train) {
            if (bank.size() < bankSize) {
                bank.add(image.withId("bank-" + image.id()));
            }
        }
        return new DemoData(
                "photos in " + dir,
                new ListImageSource("training photos of " + dir, train),
                new ListImageSource("bank of " + dir, bank),
                new ListImageSource(
                        "test photos of " + dir, test.subList(0, Math.min(testSize, test.size()))));
    }

    /** Whether an image id falls in the test split: CRC-32 of its UTF-8 bytes mod 100 < 20. */
    public static boolean inTestSplit(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 100 < TEST_PERCENT;
    }

    /**
     * The first n images of a source, with ids prefixed so they differ from the training stream's.
     */
    public static ImageSource first(ImageSource source, int n, String idPrefix) {
        List<LabeledImage> images = new ArrayList<>();
        Iterator<LabeledImage> it = source.iterator();
        while (it.hasNext() && images.size() < n) {
            LabeledImage i = it.next();
            images.add(i.withId(idPrefix + i.id()));
        }
        return new ListImageSource(source.describe() + " (first " + images.size() + ")", images);
    }

    /**
     * The same data with the training stream sorted by label (stable): one class after the other,
     * looping, as a camera or a crawler delivers a stream that is not shuffled.
     */
    public DemoData byClass() {
        List<LabeledImage> sorted = new ArrayList<>(train.size());
        train.iterator().forEachRemaining(sorted::add);
        sorted.sort(java.util.Comparator.comparingInt(i -> i.label() == null ? -1 : i.label()));
        return new DemoData(
                name + " by class",
                new ListImageSource(train.describe() + " sorted by class", sorted),
                bank,
                test);
    }
}
