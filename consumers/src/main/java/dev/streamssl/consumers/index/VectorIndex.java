package dev.streamssl.consumers.index;

import dev.streamssl.schemas.EmbeddingRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Embeddings in an Apache Lucene index on disk: one document per image id, the vector in an HNSW
 * graph compared by cosine ({@link VectorSimilarityFunction#COSINE}), with the record's label,
 * split, method, model version and cluster stored beside it. {@link #upsert} keeps the newest model
 * version of each id (a record of an older version than the indexed one is skipped), so indexing a
 * live embeddings topic converges on one row per image, and indexing a re-embedded topic gives
 * exactly its model's rows.
 *
 * <p>Lucene's cosine score is (1 + cos) / 2; {@link Neighbour#cosine} turns it back.
 */
public final class VectorIndex implements AutoCloseable {
    public static final String VECTOR = "vector";

    private final IndexWriter writer;

    /** A nearest neighbour: its id, label, cosine similarity to the query. */
    public record Neighbour(String id, Integer label, double cosine) {}

    private VectorIndex(IndexWriter writer) {
        this.writer = writer;
    }

    /** Opens the index in {@code dir}, creating it if there is none. */
    public static VectorIndex open(Path dir) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig();
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        return new VectorIndex(new IndexWriter(FSDirectory.open(dir), config));
    }

    /**
     * Adds or replaces one document per id with the newest model version among {@code records} and
     * the index; returns how many documents were written.
     */
    public int upsert(List<EmbeddingRecord> records) throws IOException {
        Map<String, EmbeddingRecord> newest = new LinkedHashMap<>();
        for (EmbeddingRecord r : records) {
            newest.merge(
                    r.getId(), r, (a, b) -> b.getModelVersion() >= a.getModelVersion() ? b : a);
        }
        int written = 0;
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            for (EmbeddingRecord r : newest.values()) {
                TopDocs existing = searcher.search(new TermQuery(new Term("id", r.getId())), 1);
                if (existing.scoreDocs.length > 0) {
                    Document old = searcher.storedFields().document(existing.scoreDocs[0].doc);
                    if (old.getField("modelVersion").numericValue().longValue()
                            > r.getModelVersion()) {
                        continue;
                    }
                }
                writer.updateDocument(new Term("id", r.getId()), document(r));
                written++;
            }
        }
        writer.commit();
        return written;
    }

    private static Document document(EmbeddingRecord r) {
        float[] v = new float[r.getVector().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.getVector().get(i);
        }
        Document d = new Document();
        d.add(new StringField("id", r.getId(), Field.Store.YES));
        d.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.COSINE));
        d.add(new StringField("method", r.getMethod(), Field.Store.YES));
        d.add(new StoredField("modelVersion", r.getModelVersion()));
        d.add(
                new StringField(
                        "modelVersionTerm", Long.toString(r.getModelVersion()), Field.Store.NO));
        String split = r.getTags().get("split");
        if (split != null) {
            d.add(new StringField("split", split, Field.Store.YES));
        }
        if (r.getLabel() != null) {
            d.add(new StoredField("label", r.getLabel()));
        }
        if (r.getCluster() != null) {
            d.add(new StoredField("cluster", r.getCluster()));
        }
        return d;
    }

    /** Documents in the index (one per id). */
    public int count() throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            return new IndexSearcher(reader).count(new MatchAllDocsQuery());
        }
    }

    /** How many documents each model version has. */
    public Map<Long, Integer> versions() throws IOException {
        Map<Long, Integer> versions = new TreeMap<>();
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            TopDocs all = searcher.search(new MatchAllDocsQuery(), Math.max(1, reader.numDocs()));
            for (ScoreDoc s : all.scoreDocs) {
                long v =
                        searcher.storedFields()
                                .document(s.doc)
                                .getField("modelVersion")
                                .numericValue()
                                .longValue();
                versions.merge(v, 1, Integer::sum);
            }
        }
        return versions;
    }

    /**
     * The {@code k} nearest documents of {@code split} to each query, by the index's own HNSW
     * search ({@link KnnFloatVectorQuery} with a filter on the split).
     */
    public List<List<Neighbour>> nearest(float[][] queries, int k, String split)
            throws IOException {
        List<List<Neighbour>> out = new ArrayList<>();
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            for (float[] q : queries) {
                KnnFloatVectorQuery query =
                        new KnnFloatVectorQuery(
                                VECTOR, q, k, new TermQuery(new Term("split", split)));
                List<Neighbour> found = new ArrayList<>();
                for (ScoreDoc s : searcher.search(query, k).scoreDocs) {
                    Document d = searcher.storedFields().document(s.doc);
                    found.add(
                            new Neighbour(
                                    d.get("id"),
                                    d.getField("label") == null
                                            ? null
                                            : d.getField("label").numericValue().intValue(),
                                    2.0 * s.score - 1.0));
                }
                out.add(found);
            }
        }
        return out;
    }

    /**
     * Weighted kNN top-1 of the index's {@code split=test} documents against its {@code
     * split=train} documents, with neighbours from the index's own search: the protocol of {@code
     * streamssl eval knn} (k nearest by cosine, each votes exp(cos / T) for its label).
     */
    public double knnTop1(int k, double temperature) throws IOException {
        List<float[]> tests = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            TopDocs docs =
                    searcher.search(
                            new TermQuery(new Term("split", "test")),
                            Math.max(1, reader.numDocs()));
            for (ScoreDoc s : docs.scoreDocs) {
                Document d = searcher.storedFields().document(s.doc);
                if (d.getField("label") == null) {
                    continue;
                }
                labels.add(d.getField("label").numericValue().intValue());
                tests.add(vectorOf(reader, s.doc));
            }
        }
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("the index holds no labelled split=test documents");
        }
        List<List<Neighbour>> neighbours = nearest(tests.toArray(new float[0][]), k, "train");
        int correct = 0;
        for (int i = 0; i < tests.size(); i++) {
            Map<Integer, Double> votes = new HashMap<>();
            for (Neighbour n : neighbours.get(i)) {
                if (n.label() != null) {
                    votes.merge(n.label(), Math.exp(n.cosine() / temperature), Double::sum);
                }
            }
            int best =
                    votes.entrySet().stream()
                            .max(
                                    Map.Entry.<Integer, Double>comparingByValue()
                                            .thenComparing(
                                                    Map.Entry.comparingByKey(
                                                            java.util.Comparator.reverseOrder())))
                            .map(Map.Entry::getKey)
                            .orElse(-1);
            correct += best == labels.get(i) ? 1 : 0;
        }
        return (double) correct / tests.size();
    }

    private static float[] vectorOf(DirectoryReader reader, int doc) throws IOException {
        for (var leaf : reader.leaves()) {
            int local = doc - leaf.docBase;
            if (local >= 0 && local < leaf.reader().maxDoc()) {
                var values = leaf.reader().getFloatVectorValues(VECTOR);
                if (values != null && values.advance(local) == local) {
                    return values.vectorValue().clone();
                }
            }
        }
        throw new IllegalStateException("document " + doc + " has no vector");
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
