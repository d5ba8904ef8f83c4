package dev.streamssl.job.embed;

import dev.streamssl.eval.KnnClassifier;
import dev.streamssl.job.types.DecodedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The live kNN monitor of one embedder: a bounded, uniform sample (reservoir sampling, Vitter's
 * algorithm R) of the labelled images tagged {@code split=train} that passed it, the bank, and of
 * those tagged {@code split=test}. To score a model version, both are embedded by that version, so
 * the number always belongs to one model, and each test image is classified by the weighted vote of
 * its k most similar bank images (Wu et al. 2018, k = 20, T = 0.07: the protocol of the offline
 * {@code eval knn}). The cost is bounded by the two sizes, whatever the stream's length. The
 * samples are not checkpointed: after a restart they fill again from the images that follow.
 */
final class LiveKnn {
    static final int K = 20;
    static final double TEMPERATURE = 0.07;

    /** A score of one model version. */
    record Score(double top1, int bankSize, int testSize) {}

    private final Reservoir bank;
    private final Reservoir test;

    LiveKnn(int bankSize, int testSize, long seed) {
        this.bank = new Reservoir(bankSize, new SplittableRandom(seed));
        this.test = new Reservoir(testSize, new SplittableRandom(seed ^ 0x7E57L));
    }

    /** Keeps the image in the bank or the test sample when it is labelled and tagged so. */
    void offer(DecodedImage image) {
        if (image.label == null || image.tags == null) {
            return;
        }
        String split = image.tags.get("split");
        if ("train".equals(split)) {
            bank.offer(image);
        } else if ("test".equals(split)) {
            test.offer(image);
        }
    }

    /**
     * Enough to score: a full bank (scores on banks of different sizes would not compare across
     * versions; a bank of k images scores near chance) and a test image.
     */
    boolean ready() {
        return bank.images.size() == bank.capacity && !test.images.isEmpty();
    }

    /**
     * @param embed the model version's embedding of a list of images, one vector per image
     */
    Score score(Function<List<DecodedImage>, float[][]> embed) {
        float[][] bankVectors = embed.apply(bank.images);
        float[][] testVectors = embed.apply(test.images);
        double top1 =
                new KnnClassifier(bankVectors, labels(bank.images))
                        .accuracy(testVectors, labels(test.images), K, TEMPERATURE);
        return new Score(top1, bank.images.size(), test.images.size());
    }

    List<DecodedImage> bank() {
        return bank.images;
    }

    List<DecodedImage> test() {
        return test.images;
    }

    private static int[] labels(List<DecodedImage> images) {
        int[] labels = new int[images.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images.get(i).label;
        }
        return labels;
    }

    /** A uniform sample of at most {@code capacity} of the images offered. */
    private static final class Reservoir {
        private final int capacity;
        private final SplittableRandom random;
        private final List<DecodedImage> images = new ArrayList<>();
        private long seen;

        Reservoir(int capacity, SplittableRandom random) {
            this.capacity = capacity;
            this.random = random;
        }

        void offer(DecodedImage image) {
            seen++;
            if (images.size() < capacity) {
                images.add(image);
            } else if (capacity > 0) {
                long slot = random.nextLong(seen);
                if (slot < capacity) {
                    images.set((int) slot, image);
                }
            }
        }
    }
}
