package dev.streamssl.consumers.eval;

import dev.streamssl.eval.KnnClassifier;
import dev.streamssl.schemas.EmbeddingRecord;
import java.util.List;

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
        LabelledSplits splits = LabelledSplits.select(records, method, version);
        KnnClassifier knn = new KnnClassifier(splits.bank(), splits.bankLabels());
        return splits.score(knn.predict(splits.test(), k, temperature));
    }
}
