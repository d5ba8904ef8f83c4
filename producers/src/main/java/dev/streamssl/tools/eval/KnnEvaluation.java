package dev.streamssl.tools.eval;

import dev.streamssl.eval.KnnClassifier;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.tools.data.ClassNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kNN top-1 of {@code split=test} embeddings against {@code split=train} embeddings, all from one
 * model version of one method: by default the newest version that has both train and test
 * embeddings. Records of other versions are counted and left out, never mixed in.
 */
public final class KnnEvaluation {
    /** The outcome: accuracy and what it was computed from. */
    public record Result(
            String method,
            long modelVersion,
            int bankSize,
            int testSize,
            long leftOut,
            double top1,
            List<ClassScore> perClass) {}

    /** Top-1 of one class's test images; {@code name} from the {@code class} tag, or null. */
    public record ClassScore(int label, String name, int correct, int total) {
        public double top1() {
            return total == 0 ? 0 : (double) correct / total;
        }
    }

    private KnnEvaluation() {}

    public static Result evaluate(
            List<EmbeddingRecord> records, String method, Long version, int k, double temperature) {
        Map<String, Map<Long, int[]>> counts = new HashMap<>();
        for (EmbeddingRecord r : records) {
            if (r.getLabel() == null) {
                continue;
            }
            String split = r.getTags().get("split");
            int idx = "train".equals(split) ? 0 : "test".equals(split) ? 1 : -1;
            if (idx < 0) {
                continue;
            }
            counts.computeIfAbsent(r.getMethod(), m -> new HashMap<>())
                    .computeIfAbsent(r.getModelVersion(), v -> new int[2])[idx]++;
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
            String split = r.getTags().get("split");
            if (r.getLabel() == null
                    || !("train".equals(split) || "test".equals(split))
                    || !r.getMethod().equals(chosenMethod)) {
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
            if ("train".equals(split)) {
                bank.add(v);
                bankLabels.add(r.getLabel());
            } else {
                test.add(v);
                testLabels.add(r.getLabel());
            }
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
        KnnClassifier knn =
                new KnnClassifier(
                        bank.toArray(new float[0][]),
                        bankLabels.stream().mapToInt(Integer::intValue).toArray());
        int[] predicted = knn.predict(test.toArray(new float[0][]), k, temperature);
        Map<Integer, String> names = ClassNames.of(records);
        Map<Integer, int[]> byClass = new TreeMap<>();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            int label = testLabels.get(i);
            int[] c = byClass.computeIfAbsent(label, l -> new int[2]);
            c[1]++;
            if (predicted[i] == label) {
                c[0]++;
                correct++;
            }
        }
        List<ClassScore> perClass = new ArrayList<>();
        byClass.forEach(
                (label, c) -> perClass.add(new ClassScore(label, names.get(label), c[0], c[1])));
        return new Result(
                chosenMethod,
                chosen,
                bank.size(),
                test.size(),
                leftOut,
                (double) correct / predicted.length,
                perClass);
    }
}
