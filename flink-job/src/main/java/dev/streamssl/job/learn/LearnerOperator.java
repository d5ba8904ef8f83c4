package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.device.GpuAssignment;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.MethodIndicators;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.model.DjlOffline;
import dev.streamssl.learner.model.GradMode;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.LearnerStateSerializer;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The learner: buffers learnable images into micro-batches, runs one training step of its method
 * per batch, and broadcasts the evaluation network's weights as a {@link ModelSnapshot} at the
 * first image after (re)start, every {@code learner.snapshot-interval} steps, when training has
 * been idle for {@code learner.idle-snapshot-delay}, and at end of input. Training metrics go to
 * the {@link #METRICS} side output.
 *
 * <p>Operator state (no keys, parallelism 1): the method's complete {@link LearnerState} as
 * versioned bytes, and the buffered images not yet trained on, so that after a restore and a replay
 * from the checkpointed Kafka offsets every image is trained on once.
 */
public final class LearnerOperator extends AbstractStreamOperator<ModelSnapshot>
        implements OneInputStreamOperator<DecodedImage, ModelSnapshot> {
    public static final OutputTag<EncodedRecord> METRICS = new OutputTag<>("metrics") {};

    private static final ListStateDescriptor<byte[]> LEARNER_STATE =
            new ListStateDescriptor<>(
                    "learner-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final ListStateDescriptor<DecodedImage> PENDING =
            new ListStateDescriptor<>("pending-images", TypeInformation.of(DecodedImage.class));
    private static final ListStateDescriptor<Long> IMAGES_SEEN =
            new ListStateDescriptor<>("images-seen", Types.LONG);

    private final JobSettings settings;

    private transient SslMethod method;
    private transient List<DecodedImage> pending;
    private transient ListState<byte[]> learnerState;
    private transient ListState<DecodedImage> pendingState;
    private transient ListState<Long> imagesSeenState;
    private transient byte[] restoredLearner;
    private transient long publishedVersion;
    private transient long lastStepMillis;
    private transient MetricsReport report;
    private transient TrainStepResult lastResult;
    private transient WireCodec<TrainingMetrics> metricsCodec;
    private transient LearnerStateSerializer serializer;
    private transient LearnerSettings learner;
    // read once in open(): these are consulted for every record
    private transient long maxSteps;
    private transient int snapshotInterval;
    private transient int metricsInterval;
    private transient long idleSnapshotDelayMillis;
    private transient Meter imagesPerSecond;

    public LearnerOperator(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        learnerState = context.getOperatorStateStore().getListState(LEARNER_STATE);
        pendingState = context.getOperatorStateStore().getListState(PENDING);
        imagesSeenState = context.getOperatorStateStore().getListState(IMAGES_SEEN);
        pending = new ArrayList<>();
        report = new MetricsReport();
        if (context.isRestored()) {
            for (byte[] bytes : learnerState.get()) {
                restoredLearner = bytes;
            }
            for (DecodedImage image : pendingState.get()) {
                pending.add(image);
            }
            for (Long seen : imagesSeenState.get()) {
                report.restoreImagesSeen(seen);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        DjlOffline.enforce();
        GradMode.disable();
        serializer = new LearnerStateSerializer();
        metricsCodec = WireCodec.metrics();
        learner = GpuAssignment.onThisSubtask(settings.learnerSettings(), getRuntimeContext());
        maxSteps = settings.get(LearnerOptions.MAX_STEPS);
        snapshotInterval = settings.get(LearnerOptions.SNAPSHOT_INTERVAL);
        metricsInterval = settings.get(LearnerOptions.METRICS_INTERVAL);
        idleSnapshotDelayMillis = settings.get(LearnerOptions.IDLE_SNAPSHOT_DELAY).toMillis();
        method = Methods.create(learner);
        if (restoredLearner != null) {
            method.restoreState(readVersioned(restoredLearner));
            restoredLearner = null;
        }
        publishedVersion = -1;
        lastStepMillis = getProcessingTimeService().getCurrentProcessingTime();
        registerMetrics(getMetricGroup().addGroup("streamssl").addGroup("learner"));
        scheduleIdleCheck();
    }

    @Override
    public void processElement(StreamRecord<DecodedImage> element) throws Exception {
        if (publishedVersion < 0) {
            publish();
        }
        DecodedImage image = element.getValue();
        if (!image.learnable() || trainingFinished()) {
            return;
        }
        pending.add(image);
        if (pending.size() >= learner.batchSize()) {
            train();
        }
    }

    /**
     * Flink metrics (web UI, REST, any reporter such as Prometheus) under {@code
     * streamssl.learner}: the same numbers as the metrics topic, live.
     */
    private void registerMetrics(MetricGroup group) {
        group.gauge("step", () -> method.step());
        group.gauge("modelVersion", () -> publishedVersion);
        group.gauge("loss", () -> lastResult == null ? Double.NaN : lastResult.loss());
        group.gauge(
                "learningRate", () -> lastResult == null ? Double.NaN : lastResult.learningRate());
        group.gauge("momentum", () -> lastResult == null ? Double.NaN : lastResult.momentum());
        group.gauge("teacherEntropy", () -> indicators().teacherEntropy());
        group.gauge("teacherStudentKl", () -> indicators().teacherStudentKl());
        group.gauge("positiveSimilarity", () -> indicators().positiveSimilarity());
        group.gauge("negativeSimilarity", () -> indicators().negativeSimilarity());
        group.gauge("clusterEntropy", () -> indicators().clusterEntropy());
        group.gauge(
                "embeddingStd", () -> lastResult == null ? Double.NaN : lastResult.embeddingStd());
        group.gauge("stepMillis", () -> lastResult == null ? Double.NaN : lastResult.millis());
        group.gauge("pendingImages", () -> pending.size());
        imagesPerSecond = group.meter("imagesPerSecond", new MeterView(30));
    }

    private MethodIndicators indicators() {
        return lastResult == null ? MethodIndicators.NONE : lastResult.indicators();
    }

    private boolean trainingFinished() {
        return maxSteps > 0 && method.step() >= maxSteps;
    }

    private void train() throws IOException {
        List<byte[]> pixels = new ArrayList<>(pending.size());
        for (DecodedImage image : pending) {
            pixels.add(image.pixels);
        }
        int size = learner.imageSize();
        ImageBatch batch = ImageBatch.of(pixels, learner.channels(), size, size);
        lastResult = method.trainStep(batch);
        report.trained(pending.size());
        imagesPerSecond.markEvent(pending.size());
        pending.clear();
        lastStepMillis = getProcessingTimeService().getCurrentProcessingTime();
        long step = method.step();
        boolean snapshotDue = step % snapshotInterval == 0 || trainingFinished();
        if (snapshotDue) {
            publish();
        }
        if (step % metricsInterval == 0 || trainingFinished()) {
            emitMetrics();
        }
    }

    private void publish() throws IOException {
        NamedTensorsSerializer weights = new NamedTensorsSerializer();
        ModelSnapshot snapshot =
                new ModelSnapshot(
                        method.name(),
                        method.step(),
                        weights.version(),
                        weights.serialize(method.evaluationWeights()));
        output.collect(new StreamRecord<>(snapshot));
        publishedVersion = method.step();
    }

    private void emitMetrics() {
        if (lastResult == null) {
            return;
        }
        TrainingMetrics metrics = report.report(method.name(), lastResult, publishedVersion);
        output.collect(
                METRICS,
                new StreamRecord<>(new EncodedRecord(method.name(), metricsCodec.encode(metrics))));
    }

    private void scheduleIdleCheck() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + 500, this::onIdleCheck);
    }

    private void onIdleCheck(long time) throws IOException {
        if (publishedVersion >= 0
                && method.step() > publishedVersion
                && time - lastStepMillis >= idleSnapshotDelayMillis) {
            publish();
            emitMetrics();
        }
        scheduleIdleCheck();
    }

    @Override
    public void finish() throws Exception {
        if (method.step() > publishedVersion) {
            publish();
            emitMetrics();
        }
        super.finish();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        learnerState.update(List.of(writeVersioned(method.saveState())));
        pendingState.update(new ArrayList<>(pending));
        imagesSeenState.update(List.of(report.imagesSeen()));
    }

    private byte[] writeVersioned(LearnerState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(serializer.version());
            out.write(serializer.serialize(state));
        }
        return bytes.toByteArray();
    }

    private LearnerState readVersioned(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            return serializer.deserialize(version, in.readAllBytes());
        }
    }

    @Override
    public void close() throws Exception {
        if (method != null) {
            method.close();
        }
        super.close();
    }
}
