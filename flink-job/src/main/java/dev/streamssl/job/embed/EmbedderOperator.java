package dev.streamssl.job.embed;

import dev.streamssl.job.config.EmbedderOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.device.GpuAssignment;
import dev.streamssl.job.device.ThreadNiceness;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.priority.EmbeddingLag;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.model.DjlOffline;
import dev.streamssl.learner.model.IntraOpThreads;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import dev.streamssl.schemas.AttentionReport;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.WireCodec;
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
 * <p>It feeds two monitors: every image goes to the {@link LiveKnnMonitor}, whose reports leave on
 * the {@link #LIVE_KNN} side output, and every embedded batch to the {@link RankMonitor}.
 *
 * <p>State: the newest snapshot in union list state, written by subtask 0 only (every subtask holds
 * the same one; one copy per checkpoint instead of one per subtask, and every subtask reads that
 * copy on restore), and the images of the micro-batch not yet embedded.
 */
public final class EmbedderOperator extends AbstractStreamOperator<EncodedRecord>
        implements TwoInputStreamOperator<DecodedImage, ModelSnapshot, EncodedRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedderOperator.class);

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
    private transient LiveKnnMonitor liveKnn;
    private transient RankMonitor rank;
    private transient ModelSnapshot snapshot;
    private transient List<DecodedImage> waiting;
    private transient ListState<ModelSnapshot> snapshotState;
    private transient ListState<DecodedImage> waitingState;
    private transient WireCodec<EmbeddingRecord> codec;
    // metrics (registered in open())
    private transient long embedded;
    private transient Meter embeddedPerSecond;
    // read once in open(): these are consulted for every record
    private transient LearnerSettings learner;
    private transient int batchSize;
    private transient long flushIntervalMillis;
    private transient int subtask;
    // the embedding lag this embedder posts for a learner on its machine (EmbeddingLag)
    private transient String lagKey;
    private transient long oldestWaitingMs;
    private transient volatile long lagMillis;

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
        codec =
                settings.wireFormat()
                        .embeddings(settings.embeddingsTopic(settings.get(LearnerOptions.METHOD)));
        learner = GpuAssignment.onThisSubtask(settings.learnerSettings(), getRuntimeContext());
        batchSize = settings.get(EmbedderOptions.BATCH_SIZE);
        faults = settings.faultInjection();
        flushIntervalMillis = settings.get(EmbedderOptions.FLUSH_INTERVAL).toMillis();
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        lagKey =
                EmbeddingLag.key(
                        getRuntimeContext().getJobInfo().getJobId().toString(),
                        settings.get(LearnerOptions.METHOD),
                        subtask);
        oldestWaitingMs = Long.MAX_VALUE;
        network = EvaluationNetwork.of(learner, settings.mean(), settings.std());
        liveKnn =
                new LiveKnnMonitor(
                        settings,
                        learner,
                        subtask,
                        network,
                        r -> output.collect(LIVE_KNN, new StreamRecord<>(r)));
        rank = new RankMonitor(subtask);
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
        metrics.gauge("modelVersion", () -> snapshot.version);
        metrics.gauge("embedded", () -> embedded);
        metrics.gauge("waitingImages", () -> waiting.size());
        // the age of the oldest image of the last micro-batch: how far behind the head it is
        metrics.gauge("embeddingLagSeconds", () -> lagMillis / 1000.0);
        rank.register(metrics);
        liveKnn.register(metrics);
        embeddedPerSecond = metrics.meter("imagesPerSecond", new MeterView(30));
        scheduleFlush();
    }

    @Override
    public void processElement1(StreamRecord<DecodedImage> element) {
        liveKnn.offer(element.getValue());
        waiting.add(element.getValue());
        // when the image was written to the images topic (the Kafka record's time, which the
        // source gives each record), else the producer's
        long written =
                element.hasTimestamp() ? element.getTimestamp() : element.getValue().timestampMs;
        oldestWaitingMs = Math.min(oldestWaitingMs, written);
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
            rank.observe(
                    vectors,
                    getProcessingTimeService().getCurrentProcessingTime(),
                    snapshot.version);
        }
        embedded += waiting.size();
        embeddedPerSecond.markEvent(waiting.size());
        waiting.clear();
        if (oldestWaitingMs != Long.MAX_VALUE) {
            lagMillis = Math.max(0, System.currentTimeMillis() - oldestWaitingMs);
            EmbeddingLag.post(lagKey, lagMillis, System.nanoTime());
            oldestWaitingMs = Long.MAX_VALUE;
        }
    }

    /** The loaded model version's vectors of at most one batch of images. */
    private float[][] embedChunk(List<DecodedImage> chunk) {
        return network.embed(ImageBatches.of(chunk, learner));
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
                            liveKnn.maybeScore(time, snapshot, this::embedAll);
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
        if (lagKey != null) {
            EmbeddingLag.remove(lagKey);
        }
        if (network != null) {
            network.close();
        }
        super.close();
    }
}
