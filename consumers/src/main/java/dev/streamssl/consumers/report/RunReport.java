package dev.streamssl.consumers.report;

import dev.streamssl.eval.CosineTopK;
import dev.streamssl.producers.data.ClassNames;
import dev.streamssl.schemas.AttentionReport;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a run looks like, read back from its topics: the learner's metrics and the live kNN reports
 * (metrics topic), the newest model version's embeddings (embeddings topic) and the pictures of the
 * images they show (images topic). It makes the figures of the report: the training curves, the
 * live kNN, the collapse indicators, a nearest-neighbour grid, a 2-D PCA projection and, for the
 * clustering methods, a gallery per cluster.
 */
public final class RunReport {
    private static final int QUERIES = 6;
    private static final int NEIGHBOURS = 8;
    private static final int PROJECTED = 3000;
    private static final int GALLERY_CLUSTERS = 8;

    /** One figure: an id for the page, a title, a caption that says how to read it, the PNG. */
    public record Figure(String id, String title, String caption, byte[] png) {}

    /** Where the run's records are. */
    /** Where the run's records are, and how they are framed there. */
    public record Topics(String images, String embeddings, String metrics, WireFormat wire) {}

    private final Properties client;
    private final Topics topics;
    private final Duration idle;
    private final PrintStream progress;

    private final List<TrainingMetrics> metrics = new ArrayList<>();
    private final List<KnnReport> knn = new ArrayList<>();
    private final List<AttentionReport> attention = new ArrayList<>();
    private List<EmbeddingRecord> embeddings = List.of();
    private long version = -1;
    private String method = "?";

    public RunReport(Properties client, Topics topics, Duration idle, PrintStream progress) {
        this.client = client;
        this.topics = topics;
        this.idle = idle;
        this.progress = progress;
    }

    /**
     * Reads the topics and draws every figure the run has data for.
     *
     * @throws IllegalStateException when the embeddings topic holds nothing to show
     */
    public List<Figure> figures() throws IOException {
        readMetrics();
        readEmbeddings();
        List<Figure> out = new ArrayList<>();
        if (!metrics.isEmpty()) {
            out.add(
                    curve(
                            "loss",
                            "Training loss",
                            "loss",
                            TrainingMetrics::getLoss,
                            "The method's loss on each reported batch. Its level depends on the method"
                                    + " (InfoNCE starts near ln of the number of negatives); what matters"
                                    + " is that it falls and does not go flat at once."));
            out.add(
                    curve(
                            "learning-rate",
                            "Learning rate",
                            "rate",
                            TrainingMetrics::getLearningRate,
                            "The schedule: linear warm-up, then constant on a stream or a cosine over a"
                                    + " budget."));
            if (metrics.stream().anyMatch(m -> m.getMomentum() != null)) {
                out.add(
                        curve(
                                "momentum",
                                "Teacher EMA momentum",
                                "momentum",
                                m -> m.getMomentum() == null ? Double.NaN : m.getMomentum(),
                                "The momentum of the EMA teacher (MoCo's key encoder, BYOL's target,"
                                        + " DINO's teacher)."));
            }
            out.add(
                    curve(
                            "embedding-std",
                            "Collapse indicator: embedding std",
                            "std",
                            m -> m.getEmbeddingStd() == null ? Double.NaN : m.getEmbeddingStd(),
                            "Mean per-dimension std of the L2-normalised batch representations: about"
                                    + " 1/√D when they spread over the sphere, 0 when every image maps to"
                                    + " one point (the embedding-std alarm fires below 0.005)."));
            if (metrics.stream().anyMatch(m -> m.getTeacherEntropy() != null)) {
                out.add(
                        curve(
                                "teacher-entropy",
                                "Collapse indicator: DINO teacher entropy",
                                "nats",
                                m ->
                                        m.getTeacherEntropy() == null
                                                ? Double.NaN
                                                : m.getTeacherEntropy(),
                                "ln K when the teacher is uniform (collapse by centring), 0 when one-hot"
                                        + " (collapse by sharpening); healthy training stays between."));
            }
            if (metrics.stream().anyMatch(m -> m.getClusterEntropy() != null)) {
                out.add(
                        curve(
                                "cluster-entropy",
                                "Collapse indicator: cluster entropy",
                                "bits",
                                m ->
                                        m.getClusterEntropy() == null
                                                ? Double.NaN
                                                : m.getClusterEntropy(),
                                "Entropy of the batch's cluster sizes: log2 K when balanced, below 1 bit"
                                        + " when most images fall in one or two clusters."));
            }
        }
        if (!knn.isEmpty()) {
            out.add(liveKnn());
        }
        // the figures that show images read the images topic once, for all of their ids
        WithPictures neighbours = neighbours();
        WithPictures gallery = clusterGallery();
        WithPictures attentionMaps = attention.isEmpty() ? null : attentionMaps();
        Set<String> ids = new HashSet<>();
        for (WithPictures f : new WithPictures[] {neighbours, gallery, attentionMaps}) {
            if (f != null) {
                ids.addAll(f.ids());
            }
        }
        Map<String, BufferedImage> pictures = ids.isEmpty() ? Map.of() : pictures(ids);
        if (neighbours != null) {
            out.add(neighbours.draw().apply(pictures));
        }
        out.add(projection());
        if (gallery != null) {
            out.add(gallery.draw().apply(pictures));
        }
        if (attentionMaps != null) {
            out.add(attentionMaps.draw().apply(pictures));
        }
        return out;
    }

    public String method() {
        return method;
    }

    public long modelVersion() {
        return version;
    }

    public int embeddingCount() {
        return embeddings.size();
    }

    public List<TrainingMetrics> metrics() {
        return metrics;
    }

    public List<KnnReport> knnReports() {
        return knn;
    }

    private void readMetrics() {
        WireCodec<TrainingMetrics> codec = topics.wire().metrics(topics.metrics());
        WireCodec<KnnReport> knnCodec = topics.wire().knnReports(topics.metrics());
        WireCodec<AttentionReport> attentionCodec =
                topics.wire().attentionReports(topics.metrics());
        TopicRecords.read(
                client,
                topics.metrics(),
                idle,
                (key, value) -> {
                    try {
                        metrics.add(codec.decode(value));
                    } catch (WireFormatException e) {
                        try {
                            knn.add(knnCodec.decode(value));
                        } catch (WireFormatException notKnn) {
                            try {
                                attention.add(attentionCodec.decode(value));
                            } catch (WireFormatException notAttention) {
                                // another record type: not for this report
                            }
                        }
                    }
                    return true;
                });
        metrics.sort(Comparator.comparingLong(TrainingMetrics::getStep));
        knn.sort(Comparator.comparingLong(KnnReport::getModelVersion));
        progress.printf(
                "metrics: %d learner reports, %d live kNN reports%n", metrics.size(), knn.size());
    }

    /** Keeps the embeddings of the newest model version that embedded a fair share of images. */
    private void readEmbeddings() {
        WireCodec<EmbeddingRecord> codec = topics.wire().embeddings(topics.embeddings());
        List<EmbeddingRecord> all = new ArrayList<>();
        TopicRecords.read(
                client,
                topics.embeddings(),
                idle,
                (key, value) -> {
                    try {
                        all.add(codec.decode(value));
                    } catch (WireFormatException e) {
                        // not an embedding
                    }
                    return true;
                });
        if (all.isEmpty()) {
            throw new IllegalStateException(
                    "no embeddings on topic '"
                            + topics.embeddings()
                            + "': is the job running, and has it embedded images yet?");
        }
        // with several methods side by side, the picture figures show the first one's embeddings
        // (the curves and the live kNN compare them all); versions are per method
        method = all.get(0).getMethod();
        all.removeIf(e -> !method.equals(e.getMethod()));
        Map<Long, Integer> perVersion = new TreeMap<>(Comparator.reverseOrder());
        all.forEach(e -> perVersion.merge(e.getModelVersion(), 1, Integer::sum));
        int most = perVersion.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int enough = Math.min(200, most);
        for (Map.Entry<Long, Integer> e : perVersion.entrySet()) {
            if (e.getValue() >= enough) {
                version = e.getKey();
                break;
            }
        }
        Map<String, EmbeddingRecord> byId = new LinkedHashMap<>();
        for (EmbeddingRecord e : all) {
            if (e.getModelVersion() == version) {
                byId.put(e.getId(), e);
            }
        }
        embeddings = new ArrayList<>(byId.values());
        progress.printf(
                "embeddings: %d records, %d of model version %d (%s)%n",
                all.size(), embeddings.size(), version, method);
    }

    private interface Value {
        double of(TrainingMetrics m);
    }

    private Figure curve(String id, String title, String yLabel, Value value, String caption)
            throws IOException {
        // one line per method when several learn side by side (learner.methods)
        Map<String, List<double[]>> perMethod = new TreeMap<>();
        for (TrainingMetrics m : metrics) {
            perMethod
                    .computeIfAbsent(m.getMethod(), k -> new ArrayList<>())
                    .add(new double[] {m.getStep(), value.of(m)});
        }
        List<Charts.Series> series = new ArrayList<>();
        perMethod.forEach(
                (method, points) ->
                        series.add(
                                new Charts.Series(
                                        perMethod.size() == 1 ? yLabel : method, points)));
        return new Figure(id, title, caption, Charts.lines(title, "step", yLabel, series));
    }

    private Figure liveKnn() throws IOException {
        // a line per method and embedder subtask: with several methods, their comparison
        Map<String, List<double[]>> lines = new TreeMap<>();
        Map<String, KnnReport> newest = new TreeMap<>();
        for (KnnReport r : knn) {
            lines.computeIfAbsent(
                            r.getMethod() + " · embedder " + r.getEmbedderSubtask(),
                            s -> new ArrayList<>())
                    .add(new double[] {r.getModelVersion(), r.getTop1()});
            newest.put(r.getMethod(), r); // sorted by version: the last is the newest
        }
        List<Charts.Series> series = new ArrayList<>();
        lines.forEach((name, points) -> series.add(new Charts.Series(name, points)));
        KnnReport last = knn.get(knn.size() - 1);
        StringBuilder scores = new StringBuilder();
        newest.forEach(
                (method, r) ->
                        scores.append(
                                String.format(
                                        " %s %.4f at version %d.",
                                        method, r.getTop1(), r.getModelVersion())));
        return new Figure(
                "live-knn",
                "Live kNN top-1",
                String.format(
                        "Scored in the job by each embedder whenever a new model version arrived:"
                                + " its %d labelled test images against its bank of %d,"
                                + " k = %d, T = %s. Newest:%s",
                        last.getTestSize(),
                        last.getBankSize(),
                        last.getK(),
                        last.getTemperature(),
                        scores),
                Charts.lines("Live kNN top-1", "model version", "top-1", series));
    }

    /** Queries (held-out test images first) and their nearest neighbours among the rest. */
    private WithPictures neighbours() {
        List<EmbeddingRecord> queries = new ArrayList<>();
        for (EmbeddingRecord e : embeddings) {
            if ("test".equals(e.getTags().get("split")) && queries.size() < QUERIES) {
                queries.add(e);
            }
        }
        for (EmbeddingRecord e : embeddings) {
            if (queries.size() >= QUERIES) {
                break;
            }
            if (!queries.contains(e)) {
                queries.add(e);
            }
        }
        Set<String> queryIds = new HashSet<>();
        queries.forEach(q -> queryIds.add(q.getId()));
        List<EmbeddingRecord> bank = new ArrayList<>();
        for (EmbeddingRecord e : embeddings) {
            if (!queryIds.contains(e.getId())) {
                bank.add(e);
            }
        }
        if (bank.isEmpty()) {
            return null;
        }
        CosineTopK.Neighbours[] found =
                new CosineTopK(vectors(bank)).search(vectors(queries), NEIGHBOURS);
        Set<String> wanted = new HashSet<>(queryIds);
        for (CosineTopK.Neighbours n : found) {
            for (int i : n.index()) {
                wanted.add(bank.get(i).getId());
            }
        }
        return new WithPictures(wanted, pictures -> drawNeighbours(queries, bank, found, pictures));
    }

    private Figure drawNeighbours(
            List<EmbeddingRecord> queries,
            List<EmbeddingRecord> bank,
            CosineTopK.Neighbours[] found,
            Map<String, BufferedImage> pictures)
            throws IOException {
        List<ImageGrids.Row> rows = new ArrayList<>();
        int agree = 0;
        int shown = 0;
        for (int q = 0; q < queries.size(); q++) {
            EmbeddingRecord query = queries.get(q);
            List<ImageGrids.Cell> cells = new ArrayList<>();
            cells.add(
                    new ImageGrids.Cell(
                            picture(pictures, query.getId()), "query " + label(query), null));
            for (int j = 0; j < found[q].index().length; j++) {
                EmbeddingRecord n = bank.get(found[q].index()[j]);
                Boolean match =
                        query.getLabel() == null || n.getLabel() == null
                                ? null
                                : query.getLabel().equals(n.getLabel());
                if (match != null) {
                    shown++;
                    agree += match ? 1 : 0;
                }
                cells.add(
                        new ImageGrids.Cell(
                                picture(pictures, n.getId()),
                                label(n) + String.format(" %.2f", found[q].similarity()[j]),
                                match));
            }
            rows.add(new ImageGrids.Row(shorten(query.getId()), cells));
        }
        String agreement =
                shown == 0
                        ? ""
                        : String.format(
                                " %d of the %d neighbours shown have the query's label.",
                                agree, shown);
        return new Figure(
                "neighbours",
                "Nearest neighbours",
                "Each row: a query image (held-out test images first), then its "
                        + NEIGHBOURS
                        + " most similar images (cosine, model version "
                        + version
                        + ") with label and similarity; green frame: same label as the query,"
                        + " red: another."
                        + agreement,
                ImageGrids.grid(rows));
    }

    private Figure projection() throws IOException {
        List<EmbeddingRecord> shown = embeddings.subList(0, Math.min(PROJECTED, embeddings.size()));
        double[][] xy = Pca.project2d(vectors(shown));
        Map<String, List<double[]>> groups = new TreeMap<>();
        boolean byLabel = shown.stream().anyMatch(e -> e.getLabel() != null);
        for (int i = 0; i < shown.size(); i++) {
            EmbeddingRecord e = shown.get(i);
            String group =
                    byLabel
                            ? (e.getLabel() == null ? "no label" : "label " + label(e))
                            : (e.getCluster() == null ? "all" : "cluster " + e.getCluster());
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(xy[i]);
        }
        return new Figure(
                "projection",
                "2-D projection of the embeddings",
                String.format(
                        "%d embeddings of model version %d on their first two principal axes,"
                                + " coloured by %s. Classes the encoder tells apart form"
                                + " separate clouds.",
                        shown.size(), version, byLabel ? "label" : "cluster"),
                Charts.scatter("Embeddings, PCA", groups));
    }

    /** The largest clusters with a few of their images each (clustering methods only). */
    private WithPictures clusterGallery() {
        Map<Integer, List<EmbeddingRecord>> members = new HashMap<>();
        for (EmbeddingRecord e : embeddings) {
            if (e.getCluster() != null) {
                members.computeIfAbsent(e.getCluster(), c -> new ArrayList<>()).add(e);
            }
        }
        if (members.isEmpty()) {
            return null;
        }
        List<Map.Entry<Integer, List<EmbeddingRecord>>> sorted =
                new ArrayList<>(members.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
        List<Map.Entry<Integer, List<EmbeddingRecord>>> largest =
                sorted.subList(0, Math.min(GALLERY_CLUSTERS, sorted.size()));
        Set<String> wanted = new HashSet<>();
        for (var c : largest) {
            c.getValue().stream().limit(NEIGHBOURS).forEach(e -> wanted.add(e.getId()));
        }
        return new WithPictures(wanted, pictures -> drawGallery(largest, pictures));
    }

    private Figure drawGallery(
            List<Map.Entry<Integer, List<EmbeddingRecord>>> largest,
            Map<String, BufferedImage> pictures)
            throws IOException {
        List<ImageGrids.Row> rows = new ArrayList<>();
        for (var c : largest) {
            List<ImageGrids.Cell> cells = new ArrayList<>();
            c.getValue().stream()
                    .limit(NEIGHBOURS)
                    .forEach(
                            e ->
                                    cells.add(
                                            new ImageGrids.Cell(
                                                    picture(pictures, e.getId()), label(e), null)));
            rows.add(
                    new ImageGrids.Row(
                            "cluster " + c.getKey() + " (" + c.getValue().size() + ")", cells));
        }
        return new Figure(
                "clusters",
                "Cluster gallery",
                "The "
                        + largest.size()
                        + " largest clusters of model version "
                        + version
                        + " (size in brackets) with images assigned to them and their labels:"
                        + " a cluster that holds one kind of image is what the method learnt.",
                ImageGrids.grid(rows));
    }

    /** A ViT's [CLS] attention maps of held-out images, under the newest version reported. */
    private WithPictures attentionMaps() {
        long newest =
                attention.stream().mapToLong(AttentionReport::getModelVersion).max().orElse(-1);
        Map<String, AttentionReport> byImage = new LinkedHashMap<>();
        for (AttentionReport a : attention) {
            if (a.getModelVersion() == newest) {
                byImage.putIfAbsent(a.getImageId(), a);
            }
        }
        return new WithPictures(
                byImage.keySet(), pictures -> drawAttention(byImage, newest, pictures));
    }

    private Figure drawAttention(
            Map<String, AttentionReport> byImage, long newest, Map<String, BufferedImage> pictures)
            throws IOException {
        List<ImageGrids.Row> rows = new ArrayList<>();
        for (AttentionReport a : byImage.values()) {
            BufferedImage picture = picture(pictures, a.getImageId());
            String label = a.getLabel() == null ? "?" : String.valueOf(a.getLabel());
            rows.add(
                    new ImageGrids.Row(
                            shorten(a.getImageId()),
                            List.of(
                                    new ImageGrids.Cell(picture, "label " + label, null),
                                    new ImageGrids.Cell(
                                            ImageGrids.heatMap(a.getWeights(), a.getGrid()),
                                            a.getGrid() + "×" + a.getGrid(),
                                            null),
                                    new ImageGrids.Cell(
                                            ImageGrids.overlay(
                                                    picture, a.getWeights(), a.getGrid()),
                                            "overlay",
                                            null))));
        }
        return new Figure(
                "attention",
                "ViT self-attention of the [CLS] token",
                "For held-out images: the picture, the last block's attention of the [CLS]"
                        + " token over the patch grid (averaged over heads; yellow: most"
                        + " attended), and both laid over each other, at model version "
                        + newest
                        + ". DINO found that these maps outline the object without labels once"
                        + " the ViT has trained long enough.",
                ImageGrids.grid(rows));
    }

    /** A figure that shows images: the ids it needs, and how it is drawn once they are read. */
    private record WithPictures(Set<String> ids, Drawing draw) {}

    private interface Drawing {
        Figure apply(Map<String, BufferedImage> pictures) throws IOException;
    }

    /** The pictures of the given ids, read from the images topic (stops once all are found). */
    private Map<String, BufferedImage> pictures(Set<String> ids) {
        Map<String, BufferedImage> found = new HashMap<>();
        WireCodec<ImageRecord> codec = topics.wire().images(topics.images());
        TopicRecords.read(
                client,
                topics.images(),
                idle,
                (key, value) -> {
                    if (key != null && ids.contains(key) && !found.containsKey(key)) {
                        try {
                            found.put(key, ImageGrids.picture(codec.decode(value)));
                        } catch (WireFormatException e) {
                            // a record the job dead-lettered: no picture
                        }
                    }
                    return found.size() < ids.size();
                });
        return found;
    }

    private static BufferedImage picture(Map<String, BufferedImage> pictures, String id) {
        BufferedImage p = pictures.get(id);
        return p != null
                ? p
                : ImageGrids.picture(
                        ImageRecord.newBuilder()
                                .setId(id)
                                .setTimestampMs(0)
                                .setEncoding(dev.streamssl.schemas.Encoding.RAW_U8)
                                .setWidth(1)
                                .setHeight(1)
                                .setChannels(1)
                                .setData(java.nio.ByteBuffer.wrap(new byte[0]))
                                .build());
    }

    /** The label as its class name (the {@code class} tag) when the image has one. */
    private static String label(EmbeddingRecord e) {
        String name = e.getTags() == null ? null : e.getTags().get(ClassNames.TAG);
        return e.getLabel() == null ? "?" : name != null ? name : String.valueOf(e.getLabel());
    }

    private static String shorten(String id) {
        return id.length() <= 16 ? id : id.substring(0, 15) + "…";
    }

    private static float[][] vectors(List<EmbeddingRecord> records) {
        float[][] out = new float[records.size()][];
        for (int i = 0; i < out.length; i++) {
            List<Float> v = records.get(i).getVector();
            out[i] = new float[v.size()];
            for (int d = 0; d < out[i].length; d++) {
                out[i][d] = v.get(d);
            }
        }
        return out;
    }
}
