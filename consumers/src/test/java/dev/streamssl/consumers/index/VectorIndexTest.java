package dev.streamssl.consumers.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.schemas.EmbeddingRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VectorIndex} on a real Lucene directory: documents keyed by method and id, one model
 * version per method (the newest), searches within one method, and model versions that restart
 * below the indexed one reported, not skipped silently.
 */
class VectorIndexTest {
    @TempDir Path dir;

    @Test
    void twoMethodsWithTheSameIdsAreTwoDocumentsEach() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir)) {
            index.upsert(records("simclr", 5, 0, "a", "b", "c"));
            // an older version number than simclr's: another method's steps, not older vectors
            index.upsert(records("moco", 3, 1, "a", "b", "c"));
            assertThat(index.count()).isEqualTo(6);
            assertThat(index.versions())
                    .isEqualTo(Map.of("simclr", Map.of(5L, 3), "moco", Map.of(3L, 3)));
        }
    }

    @Test
    void eachSearchReturnsOnlyItsMethodsVectors() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir)) {
            index.upsert(records("simclr", 5, 0, "a", "b", "c"));
            index.upsert(records("moco", 5, 1, "a", "b", "c"));
            float[][] alongMoco = {axis(1)};
            // simclr's vectors lie along axis 0: orthogonal to the query, however near moco's are
            List<VectorIndex.Neighbour> simclr =
                    index.nearest(alongMoco, 3, "simclr", "train").get(0);
            assertThat(simclr).hasSize(3);
            assertThat(simclr).allSatisfy(n -> assertThat(n.cosine()).isLessThan(0.5));
            List<VectorIndex.Neighbour> moco = index.nearest(alongMoco, 3, "moco", "train").get(0);
            assertThat(moco).extracting(VectorIndex.Neighbour::id).containsOnly("a", "b", "c");
            assertThat(moco).allSatisfy(n -> assertThat(n.cosine()).isGreaterThan(0.9));
        }
    }

    @Test
    void aMixedIndexSearchedWithoutAMethodIsRefusedNamingItsMethods() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir)) {
            index.upsert(records("simclr", 5, 0, "a", "b"));
            assertThat(index.nearest(new float[][] {axis(0)}, 2, null, "train").get(0)).hasSize(2);
            index.upsert(records("moco", 5, 1, "a", "b"));
            assertThatThrownBy(() -> index.nearest(new float[][] {axis(0)}, 2, null, "train"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[moco, simclr]")
                    .hasMessageContaining("--method");
            assertThatThrownBy(() -> index.knnTop1(null, 20, 0.07))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[moco, simclr]");
            assertThatThrownBy(() -> index.nearest(new float[][] {axis(0)}, 2, "byol", "train"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'byol'")
                    .hasMessageContaining("[moco, simclr]");
        }
    }

    @Test
    void aNewerVersionReplacesAllOfItsMethodsOlderDocumentsAndNoOtherMethods() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir)) {
            index.upsert(records("simclr", 1, 0, "a", "b", "c"));
            index.upsert(records("moco", 1, 1, "a", "b"));
            Upserted u = index.upsert(records("simclr", 2, 0, "a"));
            assertThat(u.written()).isEqualTo(Map.of("simclr", 1));
            // b and c of version 1 would be compared with a of version 2: they go
            assertThat(index.versions())
                    .isEqualTo(Map.of("simclr", Map.of(2L, 1), "moco", Map.of(1L, 2)));
        }
    }

    @Test
    void recordsOfSeveralVersionsInOneBatchKeepTheNewestAndCountTheRest() throws Exception {
        List<EmbeddingRecord> live = new ArrayList<>(records("simclr", 3, 0, "a", "b"));
        live.addAll(records("simclr", 4, 0, "b", "c"));
        live.addAll(records("simclr", 2, 0, "d"));
        try (VectorIndex index = VectorIndex.open(dir)) {
            Upserted u = index.upsert(live);
            assertThat(u.written()).isEqualTo(Map.of("simclr", 2));
            assertThat(u.skipped()).isEqualTo(Map.of("simclr", new Upserted.Skipped(3, 2, 3, 4)));
            assertThat(index.versions()).isEqualTo(Map.of("simclr", Map.of(4L, 2)));
            // running again over the same records changes nothing
            assertThat(index.upsert(live)).isEqualTo(u);
            assertThat(index.count()).isEqualTo(2);
        }
    }

    @Test
    void aRestartedVersionSequenceIsReportedAndRefusedNotSkippedSilently() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir)) {
            index.upsert(records("simclr", 7, 0, "a", "b", "c"));
            // the job restarted from scratch: version 0 again, for the same images and one more
            Upserted restarted = index.upsert(records("simclr", 0, 0, "a", "b", "c", "d"));
            assertThat(restarted.written()).isEmpty();
            assertThat(restarted.skipped())
                    .isEqualTo(Map.of("simclr", new Upserted.Skipped(4, 0, 0, 7)));
            assertThat(restarted.skippedLines())
                    .containsExactly(
                            "skipped 4 simclr embeddings of model versions 0..0, older than its"
                                    + " indexed version 7");
            assertThatThrownBy(() -> restarted.requireEachMethodIndexed(dir))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("simclr at model version 7")
                    .hasMessageContaining("restarted from scratch")
                    .hasMessageContaining("--rebuild");
            assertThat(index.versions()).isEqualTo(Map.of("simclr", Map.of(7L, 3)));
        }
        try (VectorIndex rebuilt = VectorIndex.open(dir, true)) {
            assertThat(rebuilt.count()).isZero();
            Upserted u = rebuilt.upsert(records("simclr", 0, 0, "a", "b", "c", "d"));
            u.requireEachMethodIndexed(dir);
            assertThat(rebuilt.versions()).isEqualTo(Map.of("simclr", Map.of(0L, 4)));
        }
    }

    @Test
    void aMethodWithSomeRecordsIndexedIsNotRefused() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir)) {
            Upserted u = index.upsert(records("simclr", 7, 0, "a"));
            u = u.plus(index.upsert(records("simclr", 0, 0, "b")));
            u.requireEachMethodIndexed(dir);
            assertThat(u.skippedLines())
                    .containsExactly(
                            "skipped 1 simclr embeddings of model versions 0..0, older than its"
                                    + " indexed version 7");
        }
    }

    @Test
    void anIndexKeyedByIdAloneIsRefusedUntilRebuilt() throws Exception {
        try (IndexWriter old = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig())) {
            Document d = new Document();
            d.add(new StringField("id", "a", Field.Store.YES));
            d.add(new StringField("method", "simclr", Field.Store.YES));
            d.add(
                    new KnnFloatVectorField(
                            VectorIndex.VECTOR, axis(0), VectorSimilarityFunction.COSINE));
            old.addDocument(d);
        }
        assertThatThrownBy(() -> VectorIndex.open(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyed by image id alone")
                .hasMessageContaining("--rebuild");
        try (VectorIndex rebuilt = VectorIndex.open(dir, true)) {
            assertThat(rebuilt.count()).isZero();
        }
    }

    @Test
    void aMethodNameWithTheKeySeparatorIsRefused() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir)) {
            assertThatThrownBy(() -> index.upsert(records("sim/clr", 1, 0, "a")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'sim/clr'");
        }
    }

    /** Train embeddings of {@code ids}, each near unit axis {@code axis} (8 dimensions). */
    private static List<EmbeddingRecord> records(
            String method, long version, int axis, String... ids) {
        List<EmbeddingRecord> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            List<Float> v = new ArrayList<>();
            for (int j = 0; j < 8; j++) {
                v.add(j == axis ? 1f : j == 4 + i % 4 ? 0.1f : 0f);
            }
            out.add(
                    EmbeddingRecord.newBuilder()
                            .setId(ids[i])
                            .setTimestampMs(1L)
                            .setMethod(method)
                            .setModelVersion(version)
                            .setVector(v)
                            .setCluster(null)
                            .setLabel(i % 2)
                            .setTags(Map.of("split", "train"))
                            .setEmbedderSubtask(0)
                            .build());
        }
        return out;
    }

    private static float[] axis(int axis) {
        float[] v = new float[8];
        v[axis] = 1f;
        return v;
    }
}
