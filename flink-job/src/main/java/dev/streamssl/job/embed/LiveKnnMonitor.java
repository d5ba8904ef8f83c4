package dev.streamssl.job.embed;

import dev.streamssl.job.config.EmbedderOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.schemas.AttentionReport;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live monitor of one embedder: scores the loaded model version with {@link LiveKnn} at most
 * once per version and per {@code embedder.live-knn.interval}, once its samples are full, and
 * reports the score ({@link KnnReport}) and, for a ViT encoder, the [CLS] attention maps of the
 * first few held-out images ({@link AttentionReport}) as records for the metrics topic. With {@code
 * embedder.live-knn.bank-size} 0 it is off: it keeps no images and reports nothing.
 */
final class LiveKnnMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(LiveKnnMonitor.class);

    /** Held-out images whose ViT attention maps go with each live kNN evaluation. */
    private static final int ATTENTION_IMAGES = 4;

    private final LiveKnn knn; // null: off
    private final long intervalMillis;
    private final int subtask;
    private final EvaluationNetwork network;
    private final LearnerSettings learner;
    private final WireCodec<KnnReport> knnCodec;
    private final WireCodec<AttentionReport> attentionCodec;
    private final Consumer<EncodedRecord> out;
    private long lastMillis = Long.MIN_VALUE / 2;
    private long version = -1;
    private double top1 = Double.NaN;
    private long totalMillis;

    /**
     * @param network the embedder's network, whose loaded version is scored
     * @param out where the encoded reports go (the embedder's side output)
     */
    LiveKnnMonitor(
            JobSettings settings,
            LearnerSettings learner,
            int subtask,
            EvaluationNetwork network,
            Consumer<EncodedRecord> out) {
        int bank = settings.get(EmbedderOptions.LIVE_KNN_BANK_SIZE);
        // each subtask samples its own share of the stream with its own generator
        this.knn =
                bank == 0
                        ? null
                        : new LiveKnn(
                                bank,
                                settings.get(EmbedderOptions.LIVE_KNN_TEST_SIZE),
                                learner.seed() + subtask);
        this.intervalMillis = settings.get(EmbedderOptions.LIVE_KNN_INTERVAL).toMillis();
        this.subtask = subtask;
        this.network = network;
        this.learner = learner;
        WireFormat wire = settings.wireFormat();
        String metricsTopic = settings.get(KafkaOptions.METRICS_TOPIC);
        this.knnCodec = wire.knnReports(metricsTopic);
        this.attentionCodec = wire.attentionReports(metricsTopic);
        this.out = out;
    }

    /** Its gauges, {@code liveKnnTop1}, {@code liveKnnModelVersion}, {@code liveKnnMillis}. */
    void register(MetricGroup metrics) {
        metrics.gauge("liveKnnTop1", () -> top1);
        metrics.gauge("liveKnnModelVersion", () -> version);
        metrics.gauge("liveKnnMillis", () -> totalMillis);
    }

    /** Keeps the image in the bank or the test sample when it is labelled and tagged so. */
    void offer(DecodedImage image) {
        if (knn != null) {
            knn.offer(image);
        }
    }

    /**
     * Scores {@code snapshot}, the loaded version, when it is due at {@code now} (processing time,
     * ms), and reports it.
     *
     * @param embed the loaded version's vectors of any number of images
     */
    void maybeScore(
            long now, ModelSnapshot snapshot, Function<List<DecodedImage>, float[][]> embed) {
        if (knn == null
                || snapshot.version == version
                || now - lastMillis < intervalMillis
                || !knn.ready()) {
            return;
        }
        long started = System.nanoTime();
        LiveKnn.Score score = knn.score(embed);
        long millis = (System.nanoTime() - started) / 1_000_000;
        totalMillis += millis;
        LOG.info(
                "live kNN of {} version {}: top-1 {} ({} bank, {} test images) in {} ms",
                snapshot.method,
                snapshot.version,
                String.format("%.4f", score.top1()),
                score.bankSize(),
                score.testSize(),
                millis);
        version = snapshot.version;
        lastMillis = now;
        top1 = score.top1();
        KnnReport report =
                KnnReport.newBuilder()
                        .setTimestampMs(System.currentTimeMillis())
                        .setMethod(snapshot.method)
                        .setModelVersion(snapshot.version)
                        .setEmbedderSubtask(subtask)
                        .setTop1(score.top1())
                        .setBankSize(score.bankSize())
                        .setTestSize(score.testSize())
                        .setK(LiveKnn.K)
                        .setTemperature(LiveKnn.TEMPERATURE)
                        .build();
        out.accept(new EncodedRecord("knn-" + subtask, knnCodec.encode(report)));
        reportAttention(snapshot);
    }

    /** For a ViT encoder, the [CLS] attention maps of the first few held-out images. */
    private void reportAttention(ModelSnapshot snapshot) {
        int grid = network.attentionGrid();
        if (grid == 0) {
            return;
        }
        List<DecodedImage> images =
                knn.test().subList(0, Math.min(ATTENTION_IMAGES, knn.test().size()));
        float[][] maps = network.clsAttention(ImageBatches.of(images, learner));
        for (int i = 0; i < images.size(); i++) {
            List<Float> weights = new ArrayList<>(maps[i].length);
            for (float w : maps[i]) {
                weights.add(w);
            }
            AttentionReport attention =
                    AttentionReport.newBuilder()
                            .setTimestampMs(System.currentTimeMillis())
                            .setMethod(snapshot.method)
                            .setModelVersion(snapshot.version)
                            .setEmbedderSubtask(subtask)
                            .setImageId(images.get(i).id)
                            .setLabel(images.get(i).label)
                            .setGrid(grid)
                            .setWeights(weights)
                            .build();
            out.accept(
                    new EncodedRecord(
                            "attention-" + subtask + "-" + i, attentionCodec.encode(attention)));
        }
    }
}
