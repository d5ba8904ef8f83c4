package dev.streamssl.job.embed;

import dev.streamssl.job.config.EmbedderOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.device.GpuAssignment;
import dev.streamssl.job.device.ThreadNiceness;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.metrics.CollapseAlarms;
import dev.streamssl.learner.metrics.EffectiveRank;
import dev.streamssl.learner.model.DjlOffline;
import dev.streamssl.learner.model.IntraOpThreads;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import dev.streamssl.schemas.AttentionReport;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedder: holds the newest {@link ModelSnapshot} from the learner (second input, broadcast)
 * and embeds every image of the first input with it, in micro-batches of {@code
 * embedder.batch-size} flushed at least every {@code embedder.flush-interval}, before each
 * checkpoint barrier and at end of input. Each embedding carries the version of the weights that
 * produced it.
 *
 * <p>Embedding never waits for training: a fresh embedder builds version 0, the initial weights,
 * itself (the learner's initialisation is drawn from its seed, so they are the learner's version 0
 * exactly) and switches to each newer snapshot as it arrives.
 *
 * <p>State: the newest snapshot in union list state, written by subtask 0 only (every subtask holds
 * the same one; one copy per checkpoint instead of one per subtask, and every subtask reads that
 * copy on restore), and the images of the micro-batch not yet embedded.
 */
public final class EmbedderOperator extends AbstractStreamOperator<EncodedRecord>
        implements TwoInputStreamOperator<DecodedImage, ModelSnapshot, EncodedRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedderOperator.class);
    private static final long RANK_INTERVAL_MILLIS = 5_000;

    /** Held-out images whose ViT attention maps go with each live kNN evaluation. */
    private static final int ATTENTION_IMAGES = 4;

    /**
     * Live kNN reports ({@link KnnReport}) and, for a ViT, attention maps ({@link
     * AttentionReport}), for the metrics topic.
     */
    public static final OutputTag<EncodedRecord> LIVE_KNN = new OutputTag<>("live-knn") {};

    /**
     * The newest model snapshot, in union list state (written by subtask 0): what {@code streamssl
     * export} reads from a savepoint under the embedder's uid {@code embedder-<method>}.
     */
    public static final ListStateDescriptor<ModelSnapshot> SNAPSHOT =
            new ListStateDescriptor<>("model-snapshot", TypeInformation.of(ModelSnapshot.class));

    private static final ListStateDescriptor<DecodedImage> WAITING =
            new ListStateDescriptor<>("images-waiting", TypeInformation.of(DecodedImage.class));

    private final JobSettings settings;

    private transient EvaluationNetwork network;
    private transient FaultInjection faults;
    private transient boolean rankCollapsed;
    private transient LiveKnn liveKnn;
    private transient long knnIntervalMillis;
    private transient long lastKnnMillis;
    private transient long knnVersion;
    private transient double liveKnnTop1;
    private transient long liveKnnMillis;
    private transient ModelSnapshot snapshot;
    private transient List<DecodedImage> waiting;
    private transient ListState<ModelSnapshot> snapshotState;
    private transient ListState<DecodedImage> waitingState;
    private transient WireCodec<EmbeddingRecord> codec;
    private transient WireCodec<KnnReport> knnCodec;
    private transient WireCodec<AttentionReport> attentionCodec;
    // metrics (registered in open())
    private transient long embedded;
    private transient Meter embeddedPerSecond;
    private transient double effectiveRank;
    private transient long lastRankMillis;
    // read once in open(): these are consulted for every record
    private transient LearnerSettings learner;
    private transient int batchSize;
    private transient long flushIntervalMillis;
    private transient int subtask;

    public EmbedderOperator(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        snapshotState = context.getOperatorStateStore().getUnionListState(SNAPSHOT);
        waitingState = context.getOperatorStateStore().getListState(WAITING);
        waiting = new ArrayList<>();
        if (context.isRestored()) {
            for (ModelSnapshot s : snapshotState.get()) {
                if (snapshot == null || s.version > snapshot.version) {
                    snapshot = s;
                }
            }
            for (DecodedImage image : waitingState.get()) {
                waiting.add(image);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        DjlOffline.enforce();
        IntraOpThreads.setForThisThread(settings.get(EmbedderOptions.THREADS));
        int niceness = settings.get(EmbedderOptions.NICENESS);
        if (niceness > 0 && ThreadNiceness.raiseThisThreadTo(niceness).isEmpty()) {
            LOG.info(
                    "embedder thread keeps its priority: no per-thread nice value here"
                            + " (embedder.niceness {} applies on Linux)",
                    niceness);
        }
        WireFormat wire = settings.wireFormat();
        String metricsTopic = settings.get(KafkaOptions.METRICS_TOPIC);
        codec = wire.embeddings(settings.embeddingsTopic(settings.get(LearnerOptions.METHOD)));
        knnCodec = wire.knnReports(metricsTopic);
        attentionCodec = wire.attentionReports(metricsTopic);
        learner = GpuAssignment.onThisSubtask(settings.learnerSettings(), getRuntimeContext());
        batchSize = settings.get(EmbedderOptions.BATCH_SIZE);
        faults = settings.faultInjection();
        flushIntervalMillis = settings.get(EmbedderOptions.FLUSH_INTERVAL).toMillis();
        int knnBank = settings.get(EmbedderOptions.LIVE_KNN_BANK_SIZE);
        liveKnn =
                knnBank == 0
                        ? null
                        : new LiveKnn(
                                knnBank,
                                settings.get(EmbedderOptions.LIVE_KNN_TEST_SIZE),
                                learner.seed()
                                        + getRuntimeContext()
                                                .getTaskInfo()
                                                .getIndexOfThisSubtask());
        knnIntervalMillis = settings.get(EmbedderOptions.LIVE_KNN_INTERVAL).toMillis();
        knnVersion = -1;
        lastKnnMillis = Long.MIN_VALUE / 2;
        liveKnnTop1 = Double.NaN;
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        network = EvaluationNetwork.of(learner, settings.mean(), settings.std());
        if (snapshot != null && !snapshot.method.equals(settings.get(LearnerOptions.METHOD))) {
            // a checkpoint of another method: its weights do not fit; the learner refuses it
            snapshot = null;
        }
        if (snapshot == null) {
            snapshot = initialWeights(learner);
        }
        load(snapshot);
        // under streamssl.embedder in the web UI and every reporter (Prometheus, ...)
        MetricGroup metrics = getMetricGroup().addGroup("streamssl").addGroup("embedder");
        effectiveRank = Double.NaN;
        lastRankMillis = Long.MIN_VALUE / 2; // the first flush is measured
        metrics.gauge("modelVersion", () -> snapshot.version);
        metrics.gauge("embedded", () -> embedded);
        metrics.gauge("waitingImages", () -> waiting.size());
        metrics.gauge("effectiveRank", () -> effectiveRank);
        metrics.gauge("collapseAlarms", () -> rankCollapsed ? 1 : 0);
        metrics.gauge("liveKnnTop1", () -> liveKnnTop1);
        metrics.gauge("liveKnnModelVersion", () -> knnVersion);
        metrics.gauge("liveKnnMillis", () -> liveKnnMillis);
        embeddedPerSecond = metrics.meter("imagesPerSecond", new MeterView(30));
        scheduleFlush();
    }

    @Override
    public void processElement1(StreamRecord<DecodedImage> element) {
        if (liveKnn != null) {
            liveKnn.offer(element.getValue());
        }
        waiting.add(element.getValue());
        if (waiting.size() >= batchSize) {
            flush();
        }
    }

    @Override
    public void processElement2(StreamRecord<ModelSnapshot> element) throws Exception {
        ModelSnapshot incoming = element.getValue();
        if (incoming.version > snapshot.version) {
            // images that arrived before this snapshot are embedded with the weights they met
            flush();
            load(incoming);
            snapshot = incoming;
        }
    }

    /** Version 0: the weights the learner starts from, drawn from the same seed. */
    private static ModelSnapshot initialWeights(LearnerSettings learner) throws Exception {
        try (SslMethod initial = Methods.create(learner)) {
            NamedTensorsSerializer serializer = new NamedTensorsSerializer();
            return new ModelSnapshot(
                    initial.name(),
                    0,
                    serializer.version(),
                    serializer.serialize(initial.evaluationWeights()));
        }
    }

    private void load(ModelSnapshot s) throws Exception {
        network.load(new NamedTensorsSerializer().deserialize(s.format, s.weights));
    }

    private void flush() {
        if (waiting.isEmpty()) {
            return;
        }
        for (int from = 0; from < waiting.size(); from += batchSize) {
            List<DecodedImage> chunk =
                    waiting.subList(from, Math.min(waiting.size(), from + batchSize));
            float[][] vectors = embedChunk(chunk);
            int[] clusters = network.clusters(vectors);
            for (int i = 0; i < chunk.size(); i++) {
                emit(chunk.get(i), vectors[i], clusters == null ? null : clusters[i]);
            }
            monitorRank(vectors);
        }
        embedded += waiting.size();
        embeddedPerSecond.markEvent(waiting.size());
        waiting.clear();
    }

    /** The loaded model version's vectors of at most one batch of images. */
    private float[][] embedChunk(List<DecodedImage> chunk) {
        int size = learner.imageSize();
        List<byte[]> pixels = new ArrayList<>(chunk.size());
        for (DecodedImage image : chunk) {
            pixels.add(image.pixels);
        }
        return network.embed(ImageBatch.of(pixels, learner.channels(), size, size));
    }

    /** The loaded model version's vectors of any number of images, a batch at a time. */
    private float[][] embedAll(List<DecodedImage> images) {
        float[][] out = new float[images.size()][];
        for (int from = 0; from < images.size(); from += batchSize) {
            int to = Math.min(images.size(), from + batchSize);
            float[][] vectors = embedChunk(images.subList(from, to));
            System.arraycopy(vectors, 0, out, from, vectors.length);
        }
        return out;
    }

    /**
     * Scores the loaded model version with the live kNN monitor, at most once per version and per
     * {@code embedder.live-knn.interval}, and reports it on the metrics side output.
     */
    private void maybeScoreLiveKnn(long now) {
        if (liveKnn == null
                || snapshot.version == knnVersion
                || now - lastKnnMillis < knnIntervalMillis
                || !liveKnn.ready()) {
            return;
        }
        long started = System.nanoTime();
        LiveKnn.Score score = liveKnn.score(this::embedAll);
        long millis = (System.nanoTime() - started) / 1_000_000;
        liveKnnMillis += millis;
        LOG.info(
                "live kNN of {} version {}: top-1 {} ({} bank, {} test images) in {} ms",
                snapshot.method,
                snapshot.version,
                String.format("%.4f", score.top1()),
                score.bankSize(),
                score.testSize(),
                millis);
        knnVersion = snapshot.version;
        lastKnnMillis = now;
        liveKnnTop1 = score.top1();
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
        output.collect(
                LIVE_KNN,
                new StreamRecord<>(new EncodedRecord("knn-" + subtask, knnCodec.encode(report))));
        reportAttention();
    }

    /**
     * For a ViT encoder, the [CLS] attention maps of the first few held-out images under the loaded
     * version, on the same side output as the live kNN.
     */
    private void reportAttention() {
        int grid = network.attentionGrid();
        if (grid == 0) {
            return;
        }
        List<DecodedImage> images =
                liveKnn.test().subList(0, Math.min(ATTENTION_IMAGES, liveKnn.test().size()));
        int size = learner.imageSize();
        List<byte[]> pixels = new ArrayList<>();
        images.forEach(image -> pixels.add(image.pixels));
        float[][] maps =
                network.clsAttention(ImageBatch.of(pixels, learner.channels(), size, size));
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
            output.collect(
                    LIVE_KNN,
                    new StreamRecord<>(
                            new EncodedRecord(
                                    "attention-" + subtask + "-" + i,
                                    attentionCodec.encode(attention))));
        }
    }

    /**
     * The effective rank of one flushed batch, at most every {@link #RANK_INTERVAL_MILLIS}: a live
     * collapse indicator that costs tens of milliseconds of CPU, so it is sampled, not computed per
     * batch.
     */
    private void monitorRank(float[][] vectors) {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (vectors.length >= 2 && now - lastRankMillis >= RANK_INTERVAL_MILLIS) {
            effectiveRank = EffectiveRank.of(vectors);
            lastRankMillis = now;
            List<String> alarms =
                    CollapseAlarms.check(
                            new CollapseAlarms.Indicators(
                                    Double.NaN,
                                    effectiveRank,
                                    Double.NaN,
                                    Double.NaN,
                                    0,
                                    Double.NaN,
                                    Double.NaN,
                                    Double.NaN));
            if (alarms.isEmpty() == rankCollapsed) {
                rankCollapsed = !alarms.isEmpty();
                if (rankCollapsed) {
                    LOG.warn(
                            "embedder subtask {}: collapse alarm at model version {}: {}",
                            subtask,
                            snapshot.version,
                            alarms.get(0));
                } else {
                    LOG.info(
                            "embedder subtask {}: collapse alarm cleared at model version {}",
                            subtask,
                            snapshot.version);
                }
            }
        }
    }

    private void emit(DecodedImage image, float[] vector, Integer cluster) {
        faults.pass(FaultInjection.Point.EMBEDDER);
        List<Float> values = new ArrayList<>(vector.length);
        for (float v : vector) {
            values.add(v);
        }
        EmbeddingRecord record =
                EmbeddingRecord.newBuilder()
                        .setId(image.id)
                        .setTimestampMs(image.timestampMs)
                        .setMethod(snapshot.method)
                        .setModelVersion(snapshot.version)
                        .setVector(values)
                        .setCluster(cluster)
                        .setLabel(image.label)
                        .setTags(image.tags == null ? java.util.Map.of() : image.tags)
                        .setEmbedderSubtask(subtask)
                        .build();
        output.collect(new StreamRecord<>(new EncodedRecord(image.id, codec.encode(record))));
    }

    private void scheduleFlush() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + flushIntervalMillis,
                        time -> {
                            flush();
                            maybeScoreLiveKnn(time);
                            scheduleFlush();
                        });
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        snapshotState.update(subtask == 0 ? List.of(snapshot) : List.of());
        waitingState.update(new ArrayList<>(waiting));
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (network != null) {
            network.close();
        }
        super.close();
    }
}
