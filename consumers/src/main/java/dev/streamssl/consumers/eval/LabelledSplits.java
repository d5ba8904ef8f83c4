package dev.streamssl.consumers.eval;

import dev.streamssl.producers.data.ClassNames;
import dev.streamssl.schemas.EmbeddingRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labelled embeddings an evaluation uses: {@code split=train} (the bank) and {@code
 * split=test}, of one method and one model version, by default the newest version that has both.
 * Records of other versions are counted and left out, never mixed in. {@link #score} turns
 * predictions for the test vectors into top-1, overall and per class.
 */
public record LabelledSplits(
        String method,
        long modelVersion,
        float[][] bank,
        int[] bankLabels,
        float[][] test,
        int[] testLabels,
        long leftOut,
        Map<Integer, String> classNames) {

    public static LabelledSplits select(
            List<EmbeddingRecord> records, String method, Long version) {
        Map<String, Map<Long, int[]>> counts = new HashMap<>();
        for (EmbeddingRecord r : records) {
            int idx = splitIndex(r);
            if (idx >= 0) {
                counts.computeIfAbsent(r.getMethod(), m -> new HashMap<>())
                        .computeIfAbsent(r.getModelVersion(), v -> new int[2])[idx]++;
            }
        }
        String chosenMethod = method;
        if (chosenMethod == null) {
            if (counts.size() != 1) {
                throw new IllegalArgumentException(
                        counts.isEmpty()
                                ? "no labelled embeddings tagged split=train/split=test were found"
                                : "embeddings of several methods "
                                        + counts.keySet()
                                        + "; choose one with --method");
            }
            chosenMethod = counts.keySet().iterator().next();
        }
        Map<Long, int[]> versions = counts.get(chosenMethod);
        if (versions == null) {
            throw new IllegalArgumentException(
                    "no labelled embeddings of method '" + chosenMethod + "'");
        }
        long chosen = -1;
        if (version != null) {
            chosen = version;
        } else {
            for (Map.Entry<Long, int[]> e : versions.entrySet()) {
                if (e.getValue()[0] > 0 && e.getValue()[1] > 0 && e.getKey() > chosen) {
                    chosen = e.getKey();
                }
            }
            if (chosen < 0) {
                throw new IllegalArgumentException(
                        "no model version of '"
                                + chosenMethod
                                + "' has both split=train and split=test embeddings");
            }
        }
        List<float[]> bank = new ArrayList<>();
        List<Integer> bankLabels = new ArrayList<>();
        List<float[]> test = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        long leftOut = 0;
        for (EmbeddingRecord r : records) {
            int idx = splitIndex(r);
            if (idx < 0 || !r.getMethod().equals(chosenMethod)) {
                continue;
            }
            if (r.getModelVersion() != chosen) {
                leftOut++;
                continue;
            }
            float[] v = new float[r.getVector().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.getVector().get(i);
            }
            (idx == 0 ? bank : test).add(v);
            (idx == 0 ? bankLabels : testLabels).add(r.getLabel());
        }
        if (bank.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException(
                    "model version "
                            + chosen
                            + " has "
                            + bank.size()
                            + " train and "
                            + test.size()
                            + " test embeddings; both are needed");
        }
        return new LabelledSplits(
                chosenMethod,
                chosen,
                bank.toArray(new float[0][]),
                bankLabels.stream().mapToInt(Integer::intValue).toArray(),
                test.toArray(new float[0][]),
                testLabels.stream().mapToInt(Integer::intValue).toArray(),
                leftOut,
                ClassNames.of(records));
    }

    /** 0 for a labelled train embedding, 1 for a labelled test one, -1 otherwise. */
    private static int splitIndex(EmbeddingRecord r) {
        if (r.getLabel() == null) {
            return -1;
        }
        String split = r.getTags().get("split");
        return "train".equals(split) ? 0 : "test".equals(split) ? 1 : -1;
    }

    /** Top-1 of these predictions for the test vectors, overall and per class. */
    public KnnEvaluation.Result score(int[] predicted) {
        Map<Integer, int[]> byClass = new TreeMap<>();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            int label = testLabels[i];
            int[] c = byClass.computeIfAbsent(label, l -> new int[2]);
            c[1]++;
            if (predicted[i] == label) {
                c[0]++;
                correct++;
            }
        }
        List<KnnEvaluation.ClassScore> perClass = new ArrayList<>();
        byClass.forEach(
                (label, c) ->
                        perClass.add(
                                new KnnEvaluation.ClassScore(
                                        label, classNames.get(label), c[0], c[1])));
        return new KnnEvaluation.Result(
                method,
                modelVersion,
                bank.length,
                test.length,
                leftOut,
                (double) correct / predicted.length,
                perClass);
    }
}
