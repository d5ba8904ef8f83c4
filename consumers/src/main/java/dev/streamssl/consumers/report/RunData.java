package dev.streamssl.consumers.report;

import dev.streamssl.schemas.AttentionReport;
import dev.streamssl.schemas.DriftReport;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.MetricsTopicCodec;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What a run left on its topics, for the report: the learner's metrics by step, the live kNN
 * reports by model version, the drift checks and the ViT attention reports (metrics topic), and the
 * embeddings of the newest model version that embedded a fair share of images (embeddings topic).
 * The pictures of images (images topic) are read on demand, only those a figure shows.
 */
public final class RunData {
    /** Where the run's records are, and how they are framed there. */
    public record Topics(String images, String embeddings, String metrics, WireFormat wire) {}

    private final Properties client;
    private final Topics topics;
    private final Duration idle;

    private final List<TrainingMetrics> metrics = new ArrayList<>();
    private final List<KnnReport> knn = new ArrayList<>();
    private final List<AttentionReport> attention = new ArrayList<>();
    private final List<DriftReport> drift = new ArrayList<>();
    private List<EmbeddingRecord> embeddings = List.of();
    private long version = -1;
    private String method = "?";

    private RunData(Properties client, Topics topics, Duration idle) {
        this.client = client;
        this.topics = topics;
        this.idle = idle;
    }

    /**
     * Reads the metrics and embeddings topics, each until nothing arrived for {@code idle}; says
     * what it found on {@code progress}.
     *
     * @throws IllegalStateException when the embeddings topic holds nothing to show
     */
    public static RunData read(
            Properties client, Topics topics, Duration idle, PrintStream progress) {
        RunData data = new RunData(client, topics, idle);
        data.readMetrics(progress);
        data.readEmbeddings(progress);
        return data;
    }

    /** The method whose embeddings are shown (the first found when several learn side by side). */
    public String method() {
        return method;
    }

    /** The model version whose embeddings are shown. */
    public long modelVersion() {
        return version;
    }

    public int embeddingCount() {
        return embeddings.size();
    }

    /** The learners' reports of every method, by step. */
    public List<TrainingMetrics> metrics() {
        return metrics;
    }

    /** The live kNN reports of every method and embedder, by model version. */
    public List<KnnReport> knnReports() {
        return knn;
    }

    /** The learners' drift checks, by step. */
    public List<DriftReport> driftReports() {
        return drift;
    }

    List<AttentionReport> attention() {
        return attention;
    }

    /** The shown method's embeddings of the shown model version, one per image id. */
    List<EmbeddingRecord> embeddings() {
        return embeddings;
    }

    /** The pictures of the given ids, read from the images topic (stops once all are found). */
    Map<String, BufferedImage> pictures(Set<String> ids) {
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

    private void readMetrics(PrintStream progress) {
        MetricsTopicCodec codec = MetricsTopicCodec.of(topics.wire(), topics.metrics());
        long[] unreadable = new long[1];
        TopicRecords.read(
                client,
                topics.metrics(),
                idle,
                (key, value) -> {
                    try {
                        SpecificRecordBase record = codec.decode(value);
                        if (record instanceof TrainingMetrics m) {
                            metrics.add(m);
                        } else if (record instanceof KnnReport r) {
                            knn.add(r);
                        } else if (record instanceof AttentionReport a) {
                            attention.add(a);
                        } else if (record instanceof DriftReport d) {
                            drift.add(d);
                        }
                    } catch (WireFormatException e) {
                        if (unreadable[0]++ == 0) {
                            progress.printf(
                                    "metrics topic: skipping what it cannot read: %s%n",
                                    e.getMessage());
                        }
                    }
                    return true;
                });
        if (unreadable[0] > 0) {
            progress.printf("metrics topic: %d values could not be read%n", unreadable[0]);
        }
        metrics.sort(Comparator.comparingLong(TrainingMetrics::getStep));
        knn.sort(Comparator.comparingLong(KnnReport::getModelVersion));
        drift.sort(Comparator.comparingLong(DriftReport::getStep));
        progress.printf(
                "metrics: %d learner reports, %d live kNN reports, %d drift checks%n",
                metrics.size(), knn.size(), drift.size());
    }

    /** Keeps the embeddings of the newest model version that embedded a fair share of images. */
    private void readEmbeddings(PrintStream progress) {
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
}
