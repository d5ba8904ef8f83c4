package dev.streamssl.consumers.index;

import dev.streamssl.schemas.EmbeddingRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Embeddings in an Apache Lucene index on disk: one document per method and image id (the {@link
 * #KEY} field, {@code method/id}), the vector in an HNSW graph compared by cosine ({@link
 * VectorSimilarityFunction#COSINE}), with the record's label, split, method, model version and
 * cluster stored beside it.
 *
 * <p>Each method holds one model version, its newest: vectors of two versions are points of two
 * different spaces, so a search never compares them. {@link #upsert} replaces a method's documents
 * when a newer version of it arrives and skips (and reports, {@link Upserted}) records older than
 * the method's indexed version. Methods are independent: two methods' vectors of one image are two
 * documents, and a search runs within one method.
 *
 * <p>Lucene's cosine score is (1 + cos) / 2; {@link Neighbour#cosine} turns it back.
 */
public final class VectorIndex implements AutoCloseable {
    public static final String VECTOR = "vector";

    /** The document key, {@code method/id}: indexed (the upsert's term) and stored. */
    public static final String KEY = "key";

    private static final String ID = "id";
    private static final String METHOD = "method";
    private static final String MODEL_VERSION = "modelVersion";

    private final IndexWriter writer;

    /** A nearest neighbour: its id, label, cosine similarity to the query. */
    public record Neighbour(String id, Integer label, double cosine) {}

    private VectorIndex(IndexWriter writer) {
        this.writer = writer;
    }

    /**
     * Opens the index in {@code dir}, creating it if there is none; {@code rebuild} empties it
     * first. An index whose documents are keyed by image id alone (written before the key held the
     * method) is refused: upserting into it would leave each of its documents beside its new one.
     */
    public static VectorIndex open(Path dir, boolean rebuild) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig();
        config.setOpenMode(
                rebuild
                        ? IndexWriterConfig.OpenMode.CREATE
                        : IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        IndexWriter writer = new IndexWriter(FSDirectory.open(dir), config);
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            int unkeyed = reader.getDocCount(ID) - reader.getDocCount(KEY);
            if (unkeyed > 0) {
                writer.close();
                throw new IllegalArgumentException(
                        "the index in "
                                + dir
                                + " holds "
                                + unkeyed
                                + " documents keyed by image id alone, without their method;"
                                + " rebuild it with --rebuild (or delete the directory)");
            }
        }
        return new VectorIndex(writer);
    }

    /** Opens the index in {@code dir}, creating it if there is none. */
    public static VectorIndex open(Path dir) throws IOException {
        return open(dir, false);
    }

    /**
     * Upserts {@code records}: per method, the newest model version among them and the index is
     * kept; documents of an older indexed version of that method are deleted, records of an older
     * version are skipped and counted in the result. Within the kept version a record replaces the
     * document of its method and id.
     */
    public Upserted upsert(List<EmbeddingRecord> records) throws IOException {
        Map<String, List<EmbeddingRecord>> byMethod = new TreeMap<>();
        for (EmbeddingRecord r : records) {
            if (r.getMethod().contains("/")) {
                throw new IllegalArgumentException(
                        "method '"
                                + r.getMethod()
                                + "' of image "
                                + r.getId()
                                + " contains '/', which separates method and id in the index key");
            }
            byMethod.computeIfAbsent(r.getMethod(), m -> new ArrayList<>()).add(r);
        }
        Map<String, Integer> written = new TreeMap<>();
        Map<String, Upserted.Skipped> skipped = new TreeMap<>();
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            for (Map.Entry<String, List<EmbeddingRecord>> e : byMethod.entrySet()) {
                String method = e.getKey();
                Long indexed = indexedVersion(searcher, method);
                long kept = indexed == null ? Long.MIN_VALUE : indexed;
                for (EmbeddingRecord r : e.getValue()) {
                    kept = Math.max(kept, r.getModelVersion());
                }
                if (indexed != null && kept > indexed) {
                    // the method's vectors move to the newer model's space; none of the old stays
                    writer.deleteDocuments(new Term(METHOD, method));
                }
                Map<String, EmbeddingRecord> byId = new LinkedHashMap<>();
                for (EmbeddingRecord r : e.getValue()) {
                    if (r.getModelVersion() == kept) {
                        byId.put(r.getId(), r);
                    } else {
                        skipped.merge(
                                method,
                                Upserted.Skipped.of(r.getModelVersion(), kept),
                                Upserted.Skipped::plus);
                    }
                }
                for (EmbeddingRecord r : byId.values()) {
                    writer.updateDocument(new Term(KEY, key(method, r.getId())), document(r));
                }
                if (!byId.isEmpty()) {
                    written.put(method, byId.size());
                }
            }
        }
        writer.commit();
        return new Upserted(written, skipped);
    }

    /** The model version of {@code method}'s documents, or null when the index has none. */
    private static Long indexedVersion(IndexSearcher searcher, String method) throws IOException {
        TopDocs top = searcher.search(new TermQuery(new Term(METHOD, method)), 1);
        if (top.scoreDocs.length == 0) {
            return null;
        }
        return searcher.storedFields()
                .document(top.scoreDocs[0].doc)
                .getField(MODEL_VERSION)
                .numericValue()
                .longValue();
    }

    private static String key(String method, String id) {
        return method + "/" + id;
    }

    private static Document document(EmbeddingRecord r) {
        float[] v = new float[r.getVector().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.getVector().get(i);
        }
        Document d = new Document();
        d.add(new StringField(KEY, key(r.getMethod(), r.getId()), Field.Store.YES));
        d.add(new StringField(ID, r.getId(), Field.Store.YES));
        d.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.COSINE));
        d.add(new StringField(METHOD, r.getMethod(), Field.Store.YES));
        d.add(new StoredField(MODEL_VERSION, r.getModelVersion()));
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

    /** Documents in the index (one per method and id). */
    public int count() throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            return new IndexSearcher(reader).count(new MatchAllDocsQuery());
        }
    }

    /** How many documents each method has of each model version (one version per method). */
    public Map<String, Map<Long, Integer>> versions() throws IOException {
        Map<String, Map<Long, Integer>> versions = new TreeMap<>();
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            TopDocs all = searcher.search(new MatchAllDocsQuery(), Math.max(1, reader.numDocs()));
            for (ScoreDoc s : all.scoreDocs) {
                Document d = searcher.storedFields().document(s.doc);
                versions.computeIfAbsent(d.get(METHOD), m -> new TreeMap<>())
                        .merge(
                                d.getField(MODEL_VERSION).numericValue().longValue(),
                                1,
                                Integer::sum);
            }
        }
        return versions;
    }

    /** The methods that have documents in the index. */
    public SortedSet<String> methods() throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            return methods(reader);
        }
    }

    private static SortedSet<String> methods(DirectoryReader reader) throws IOException {
        SortedSet<String> methods = new TreeSet<>();
        Terms terms = MultiTerms.getTerms(reader, METHOD);
        if (terms == null) {
            return methods;
        }
        IndexSearcher searcher = new IndexSearcher(reader);
        TermsEnum te = terms.iterator();
        for (BytesRef term = te.next(); term != null; term = te.next()) {
            // a term outlives its deleted documents until a merge: count the live ones
            String method = term.utf8ToString();
            if (searcher.count(new TermQuery(new Term(METHOD, method))) > 0) {
                methods.add(method);
            }
        }
        return methods;
    }

    /**
     * The method a search runs in: {@code method} when the index holds it, the index's only method
     * when {@code method} is null; a null method on an index of several methods is refused, naming
     * them.
     */
    private static String searchedMethod(DirectoryReader reader, String method) throws IOException {
        SortedSet<String> held = methods(reader);
        if (method != null) {
            if (!held.contains(method)) {
                throw new IllegalArgumentException(
                        "the index holds no embeddings of method '"
                                + method
                                + "'; it holds "
                                + held);
            }
            return method;
        }
        if (held.size() != 1) {
            throw new IllegalArgumentException(
                    held.isEmpty()
                            ? "the index is empty"
                            : "the index holds embeddings of several methods "
                                    + held
                                    + " (vectors of different models); choose one with --method");
        }
        return held.first();
    }

    /**
     * The {@code k} nearest documents of {@code method} and {@code split} to each query, by the
     * index's own HNSW search ({@link KnnFloatVectorQuery} filtered on both). {@code method} may be
     * null on an index of one method.
     */
    public List<List<Neighbour>> nearest(float[][] queries, int k, String method, String split)
            throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            return nearest(reader, queries, k, searchedMethod(reader, method), split);
        }
    }

    private static List<List<Neighbour>> nearest(
            DirectoryReader reader, float[][] queries, int k, String method, String split)
            throws IOException {
        IndexSearcher searcher = new IndexSearcher(reader);
        Query filter = inMethod(method, new TermQuery(new Term("split", split)));
        List<List<Neighbour>> out = new ArrayList<>();
        for (float[] q : queries) {
            KnnFloatVectorQuery query = new KnnFloatVectorQuery(VECTOR, q, k, filter);
            List<Neighbour> found = new ArrayList<>();
            for (ScoreDoc s : searcher.search(query, k).scoreDocs) {
                Document d = searcher.storedFields().document(s.doc);
                found.add(
                        new Neighbour(
                                d.get(ID),
                                d.getField("label") == null
                                        ? null
                                        : d.getField("label").numericValue().intValue(),
                                2.0 * s.score - 1.0));
            }
            out.add(found);
        }
        return out;
    }

    /** {@code query} restricted to the documents of {@code method}. */
    private static Query inMethod(String method, Query query) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(METHOD, method)), BooleanClause.Occur.FILTER)
                .add(query, BooleanClause.Occur.FILTER)
                .build();
    }

    /**
     * Weighted kNN top-1 of {@code method}'s {@code split=test} documents against its {@code
     * split=train} documents, with neighbours from the index's own search: the protocol of {@code
     * streamssl eval knn} (k nearest by cosine, each votes exp(cos / T) for its label). {@code
     * method} may be null on an index of one method.
     */
    public double knnTop1(String method, int k, double temperature) throws IOException {
        List<float[]> tests = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<List<Neighbour>> neighbours;
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            String searched = searchedMethod(reader, method);
            IndexSearcher searcher = new IndexSearcher(reader);
            TopDocs docs =
                    searcher.search(
                            inMethod(searched, new TermQuery(new Term("split", "test"))),
                            Math.max(1, reader.numDocs()));
            for (ScoreDoc s : docs.scoreDocs) {
                Document d = searcher.storedFields().document(s.doc);
                if (d.getField("label") == null) {
                    continue;
                }
                labels.add(d.getField("label").numericValue().intValue());
                tests.add(vectorOf(reader, s.doc));
            }
            if (tests.isEmpty()) {
                throw new IllegalArgumentException(
                        "the index holds no labelled split=test documents of method '"
                                + searched
                                + "'");
            }
            neighbours = nearest(reader, tests.toArray(new float[0][]), k, searched, "train");
        }
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
