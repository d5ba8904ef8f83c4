package dev.streamssl.stack;

import dev.streamssl.eval.KnnClassifier;
import dev.streamssl.images.ModelInput;
import dev.streamssl.images.Pixels;
import dev.streamssl.images.UnreadableImageException;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.knn.TorchTopK;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.schemas.Encoding;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * kNN top-1 of a labelled bank against a labelled test set, on raw pixels or on the embeddings of
 * an {@link EvaluationNetwork}, computed in this JVM (the demo's baselines and the learning-curve
 * benchmark). Every image is first brought to the model's input as the job's embedders see it
 * ({@link ModelInput}: files decoded upright, resized and centre-cropped, converted to the model's
 * channels), once.
 */
public final class KnnProbe {
    private static final int EMBED_BATCH = 256;

    private final List<byte[]> bank;
    private final List<byte[]> test;
    private final int[] bankLabels;
    private final int[] testLabels;
    private final int channels;
    private final int size;
    private final int k;
    private final double temperature;

    /**
     * @param channels the model's input channels
     * @param size the model's input side
     */
    public KnnProbe(
            ImageSource bank, ImageSource test, int channels, int size, int k, double temperature) {
        this.channels = channels;
        this.size = size;
        this.bank = new ArrayList<>();
        this.test = new ArrayList<>();
        this.bankLabels = inputs(bank, this.bank);
        this.testLabels = inputs(test, this.test);
        this.k = k;
        this.temperature = temperature;
    }

    public double pixels() {
        return accuracy(vectors(bank), vectors(test));
    }

    public double encoder(EvaluationNetwork network) {
        return accuracy(correct(network));
    }

    /** Per test image, whether the network's embeddings classify it right (test-set order). */
    public boolean[] correct(EvaluationNetwork network) {
        float[][] bankVectors = embed(network, bank);
        float[][] testVectors = embed(network, test);
        try (TorchTopK index = new TorchTopK(bankVectors)) {
            int[] predicted =
                    new KnnClassifier(index, bankLabels).predict(testVectors, k, temperature);
            boolean[] right = new boolean[predicted.length];
            for (int i = 0; i < right.length; i++) {
                right[i] = predicted[i] == testLabels[i];
            }
            return right;
        }
    }

    /** The share of {@code true}: top-1 accuracy from per-image correctness. */
    public static double accuracy(boolean[] correct) {
        int right = 0;
        for (boolean c : correct) {
            right += c ? 1 : 0;
        }
        return right / (double) correct.length;
    }

    /** kNN top-1 of the configured method's initial weights: the baseline of a trained one. */
    public double untrained(JobSettings settings) {
        LearnerSettings learner = settings.learnerSettings();
        try (SslMethod initial = Methods.create(learner);
                EvaluationNetwork network =
                        EvaluationNetwork.of(learner, settings.mean(), settings.std())) {
            network.load(initial.evaluationWeights());
            return encoder(network);
        }
    }

    /** Similarities as matrix products on libtorch: the 60 000-image raw-pixel bank in seconds. */
    private double accuracy(float[][] bankVectors, float[][] testVectors) {
        try (TorchTopK index = new TorchTopK(bankVectors)) {
            return new KnnClassifier(index, bankLabels)
                    .accuracy(testVectors, testLabels, k, temperature);
        }
    }

    /** The source's images as model inputs into {@code out}; returns their labels. */
    private int[] inputs(ImageSource source, List<byte[]> out) {
        List<Integer> labels = new ArrayList<>();
        for (Iterator<LabeledImage> it = source.iterator(); it.hasNext(); ) {
            LabeledImage image = it.next();
            out.add(modelInput(image, size, channels));
            labels.add(image.label());
        }
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * An image as a model of this input side and channel count sees it (the embedders'
     * preprocessing), or as the learner receives it at its decode size.
     */
    public static byte[] modelInput(LabeledImage image, int size, int channels) {
        if (image.encoding() == Encoding.RAW_U8) {
            Pixels raw = new Pixels(image.width(), image.height(), image.channels(), image.data());
            return ModelInput.of(raw, size, channels);
        }
        try {
            return ModelInput.ofFile(image.data(), size, channels);
        } catch (UnreadableImageException e) {
            // the sources give only files that were decoded once already
            throw new UncheckedIOException(
                    new java.io.IOException(image.id() + ": " + e.getMessage(), e));
        }
    }

    private static float[][] vectors(List<byte[]> images) {
        float[][] out = new float[images.size()][];
        for (int i = 0; i < out.length; i++) {
            byte[] data = images.get(i);
            float[] v = new float[data.length];
            for (int j = 0; j < data.length; j++) {
                v[j] = data[j] & 0xFF;
            }
            out[i] = v;
        }
        return out;
    }

    private float[][] embed(EvaluationNetwork network, List<byte[]> images) {
        List<float[]> vectors = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += EMBED_BATCH) {
            List<byte[]> chunk = images.subList(from, Math.min(images.size(), from + EMBED_BATCH));
            for (float[] v : network.embed(ImageBatch.of(chunk, channels, size, size))) {
                vectors.add(v);
            }
        }
        return vectors.toArray(new float[0][]);
    }
}
