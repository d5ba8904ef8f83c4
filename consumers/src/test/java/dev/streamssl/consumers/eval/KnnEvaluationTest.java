package dev.streamssl.consumers.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.schemas.EmbeddingRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnnEvaluationTest {

    @Test
    void usesTheNewestVersionWithBothSplitsAndLeavesOthersOut() {
        List<EmbeddingRecord> records = new ArrayList<>();
        // version 3: a perfect bank and test set; version 1: both splits, wrong neighbours;
        // version 5: test only (a newer model still embedding), so it cannot be evaluated
        records.add(record("b0", 3, "train", 0, 1, 0));
        records.add(record("b1", 3, "train", 1, 0, 1));
        records.add(record("t0", 3, "test", 0, 0.9f, 0.1f));
        records.add(record("t1", 3, "test", 1, 0.1f, 0.9f));
        records.add(record("b0", 1, "train", 0, 0, 1));
        records.add(record("b1", 1, "train", 1, 1, 0));
        records.add(record("t0", 1, "test", 0, 1, 0));
        records.add(record("t9", 5, "test", 1, 0, 1));

        KnnEvaluation.Result r = KnnEvaluation.evaluate(records, null, null, 20, 0.07);

        assertThat(r.modelVersion()).isEqualTo(3);
        assertThat(r.bankSize()).isEqualTo(2);
        assertThat(r.testSize()).isEqualTo(2);
        assertThat(r.leftOut()).isEqualTo(4);
        assertThat(r.top1()).isEqualTo(1.0);
        assertThat(KnnEvaluation.evaluate(records, "simclr", 1L, 20, 0.07).top1()).isEqualTo(0.0);
    }

    @Test
    void scoresEachClassUnderItsName() {
        List<EmbeddingRecord> records = new ArrayList<>();
        records.add(named(record("b0", 1, "train", 0, 1, 0), "boot"));
        records.add(named(record("b1", 1, "train", 1, 0, 1), "bag"));
        records.add(named(record("t0", 1, "test", 0, 1, 0.1f), "boot"));
        records.add(named(record("t1", 1, "test", 0, 0.1f, 1), "boot")); // nearer the bag
        records.add(record("t2", 1, "test", 1, 0, 1)); // no name on this one: the label's is used

        KnnEvaluation.Result r = KnnEvaluation.evaluate(records, null, null, 1, 0.07);

        assertThat(r.top1()).isEqualTo(2.0 / 3);
        assertThat(r.perClass())
                .containsExactly(
                        new KnnEvaluation.ClassScore(0, "boot", 1, 2),
                        new KnnEvaluation.ClassScore(1, "bag", 1, 1));
    }

    private static EmbeddingRecord named(EmbeddingRecord r, String name) {
        Map<String, String> tags = new java.util.HashMap<>(r.getTags());
        tags.put("class", name);
        r.setTags(tags);
        return r;
    }

    @Test
    void saysWhatIsMissing() {
        List<EmbeddingRecord> onlyTrain = List.of(record("b0", 2, "train", 0, 1, 0));
        assertThatThrownBy(() -> KnnEvaluation.evaluate(onlyTrain, null, null, 20, 0.07))
                .hasMessageContaining("both split=train and split=test");
        assertThatThrownBy(() -> KnnEvaluation.evaluate(List.of(), null, null, 20, 0.07))
                .hasMessageContaining("no labelled embeddings");
    }

    private static EmbeddingRecord record(
            String id, long version, String split, int label, float... v) {
        List<Float> vector = new ArrayList<>();
        for (float x : v) {
            vector.add(x);
        }
        return EmbeddingRecord.newBuilder()
                .setId(id)
                .setTimestampMs(0)
                .setMethod("simclr")
                .setModelVersion(version)
                .setVector(vector)
                .setLabel(label)
                .setTags(Map.of("split", split))
                .build();
    }
}
