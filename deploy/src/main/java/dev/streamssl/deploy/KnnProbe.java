package dev.streamssl.deploy;

import dev.streamssl.eval.KnnClassifier;
import dev.streamssl.learner.knn.TorchTopK;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.tools.data.ImageSource;
import dev.streamssl.tools.data.LabeledImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * kNN top-1 of a labelled bank against a labelled test set, on raw pixels or on the embeddings of
 * an {@link EvaluationNetwork}, computed in this JVM (the demo's baselines and the learning-curve
 * benchmark). The images are square, of one size and channel count.
 */
public final class KnnProbe {
    private static final int EMBED_BATCH = 256;

    private final ImageSource bank;
    private final ImageSource test;
    private final int[] bankLabels;
    private final int[] testLabels;
    private final int k;
    private final double temperature;

    public KnnProbe(ImageSource bank, ImageSource test, int k, double temperature) {
        this.bank = bank;
        this.test = test;
        this.bankLabels = DemoData.labels(bank);
        this.testLabels = DemoData.labels(test);
        this.k = k;
        this.temperature = temperature;
    }

    public double pixels() {
        return accuracy(DemoData.pixelVectors(bank), DemoData.pixelVectors(test));
    }

    public double encoder(EvaluationNetwork network, int channels, int size) {
        return accuracy(embed(network, bank, channels, size), embed(network, test, channels, size));
    }

    /** Similarities as matrix products on libtorch: the 60 000-image raw-pixel bank in seconds. */
    private double accuracy(float[][] bankVectors, float[][] testVectors) {
        try (TorchTopK index = new TorchTopK(bankVectors)) {
            return new KnnClassifier(index, bankLabels)
                    .accuracy(testVectors, testLabels, k, temperature);
        }
    }

    private static float[][] embed(
            EvaluationNetwork network, ImageSource source, int channels, int size) {
        List<float[]> vectors = new ArrayList<>(source.size());
        List<byte[]> chunk = new ArrayList<>(EMBED_BATCH);
        for (Iterator<LabeledImage> it = source.iterator(); it.hasNext(); ) {
            chunk.add(it.next().data());
            if (chunk.size() == EMBED_BATCH || !it.hasNext()) {
                for (float[] v : network.embed(ImageBatch.of(chunk, channels, size, size))) {
                    vectors.add(v);
                }
                chunk.clear();
            }
        }
        return vectors.toArray(new float[0][]);
    }
}
