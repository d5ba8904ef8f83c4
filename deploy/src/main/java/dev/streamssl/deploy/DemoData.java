package dev.streamssl.deploy;

import dev.streamssl.tools.data.FashionMnist;
import dev.streamssl.tools.data.ImageSource;
import dev.streamssl.tools.data.LabeledImage;
import dev.streamssl.tools.data.ListImageSource;
import dev.streamssl.tools.data.SyntheticImages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The demo's three image sets: the training stream, the labelled bank (a subset of the training
 * split) and the test set, from Fashion-MNIST or from the built-in generator.
 */
public record DemoData(String name, ImageSource train, ImageSource bank, ImageSource test) {

    static DemoData fashionMnist(int bankSize, int testSize) throws IOException {
        FashionMnist train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train");
        FashionMnist test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
        return new DemoData(
                "fashion-mnist", train, first(train, bankSize, "bank-"), first(test, testSize, ""));
    }

    static DemoData synthetic(int bankSize, int testSize) {
        return new DemoData(
                "synthetic",
                new SyntheticImages(20_000, 1, "train-"),
                new SyntheticImages(bankSize, 2, "bank-"),
                new SyntheticImages(testSize, 3, "test-"));
    }

    /**
     * The first n images of a source, with ids prefixed so they differ from the training stream's.
     */
    static ImageSource first(ImageSource source, int n, String idPrefix) {
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

    /** Pixels as float vectors and labels, for the raw-pixel kNN baseline. */
    static float[][] pixelVectors(ImageSource source) {
        float[][] out = new float[source.size()][];
        int i = 0;
        for (Iterator<LabeledImage> it = source.iterator(); it.hasNext(); ) {
            byte[] data = it.next().data();
            float[] v = new float[data.length];
            for (int j = 0; j < data.length; j++) {
                v[j] = data[j] & 0xFF;
            }
            out[i++] = v;
        }
        return out;
    }

    static int[] labels(ImageSource source) {
        int[] out = new int[source.size()];
        int i = 0;
        for (Iterator<LabeledImage> it = source.iterator(); it.hasNext(); ) {
            out[i++] = it.next().label();
        }
        return out;
    }
}
