package dev.streamssl.consumers.eval;

import dev.streamssl.eval.LinearProbe;
import dev.streamssl.schemas.EmbeddingRecord;
import java.util.List;

/**
 * Linear-probe top-1 ({@link LinearProbe}: logistic regression on frozen, normalised embeddings) of
 * {@code split=test} after training on {@code split=train}, one model version of one method, chosen
 * as for kNN ({@link LabelledSplits}).
 */
public final class LinearEvaluation {
    private LinearEvaluation() {}

    public static KnnEvaluation.Result evaluate(
            List<EmbeddingRecord> records,
            String method,
            Long version,
            LinearProbe.Settings settings) {
        LabelledSplits splits = LabelledSplits.select(records, method, version);
        LinearProbe probe = LinearProbe.fit(splits.bank(), splits.bankLabels(), settings);
        return splits.score(probe.predict(splits.test()));
    }
}
