package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.device.GpuAssignment;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.learn.sync.AveragingRounds;
import dev.streamssl.job.learn.sync.RoundChunk;
import dev.streamssl.job.learn.sync.RoundOpened;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.MethodIndicators;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.model.DjlOffline;
import dev.streamssl.learner.model.IntraOpThreads;
import dev.streamssl.learner.parallel.Contribution;
import dev.streamssl.learner.parallel.ReplicaMean;
import dev.streamssl.learner.parallel.ReplicaSync;
import dev.streamssl.learner.parallel.ReplicatedState;
import dev.streamssl.learner.replay.ReplayBuffer;
import dev.streamssl.learner.replay.ReplayBufferSerializer;
import dev.streamssl.learner.replay.ReplayPolicy;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.LearnerStateSerializer;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import dev.streamssl.learner.state.VersionedSerializer;
import dev.streamssl.learner.torch.GradMode;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The learner: takes learnable images from its own copy of the images stream, trains its method on
 * them through a {@link TrainingLoop} (replay buffer, steps), and broadcasts the evaluation
 * network's weights as a {@link ModelSnapshot} at the first image after (re)start, every {@code
 * learner.snapshot-interval} steps, when training has been idle for {@code
 * learner.idle-snapshot-delay}, and at end of input. Training metrics go to the {@link #METRICS}
 * side output.
 *
 * <p>Two modes ({@code learner.mode}). {@code every-image}: each full batch of new images is
 * trained on in {@code processElement}, so every learnable image is trained on once, in order, and
 * a restored learner repeats the failed one's steps exactly; when the stream is faster than
 * training, this operator's input (and only it: the embedders read their own copy of the stream)
 * lags. {@code sample}: images are handed to a {@link BackgroundTrainer}, which trains whenever a
 * batch is there; when it cannot keep up, the oldest waiting images are skipped and counted.
 *
 * <p>With {@code learner.parallelism} N above 1 there are N learners, each training on its own
 * partitions' images; every {@code learner.sync-every} steps they average their models through the
 * {@link dev.streamssl.job.learn.sync.AveragingCoordinator} ({@link AveragingRounds}), parking new
 * images while their round is open. Only learner 0 broadcasts snapshots, and only the averaged
 * model (after a round), and only it reports metrics.
 *
 * <p>Operator state (no keys): one {@link ReplicaCheckpoint} per learner in a union list (the
 * method's complete {@link LearnerState}, the replay buffer, counters, the rounds' state), so that
 * a restore at another parallelism can merge them; the images not yet trained on in a split list,
 * which Flink redistributes on rescaling without losing or duplicating one. A checkpoint in sample
 * mode waits for the step in flight.
 */
public final class LearnerOperator extends AbstractStreamOperator<ModelSnapshot>
        implements OneInputStreamOperator<DecodedImage, ModelSnapshot>, OperatorEventHandler {
    public static final OutputTag<EncodedRecord> METRICS = new OutputTag<>("metrics") {};

    /** one {@link ReplicaCheckpoint} per learner; every learner reads all on restore */
    private static final ListStateDescriptor<byte[]> REPLICAS =
            new ListStateDescriptor<>(
                    ReplicaCheckpoint.STATE_NAME,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    // the three states below are how checkpoints before learner.parallelism held the learner: read
    // on restore, written empty
    private static final ListStateDescriptor<byte[]> LEARNER_STATE =
            new ListStateDescriptor<>(
                    "learner-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final ListStateDescriptor<byte[]> REPLAY_STATE =
            new ListStateDescriptor<>(
                    "replay-buffer", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final ListStateDescriptor<DecodedImage> PENDING =
            new ListStateDescriptor<>("pending-images", TypeInformation.of(DecodedImage.class));

    /** images seen, images skipped while waiting, newest trained timestamp */
    private static final ListStateDescriptor<Long> COUNTERS =
            new ListStateDescriptor<>("learner-counters", Types.LONG);

    /** what the state was written for: option=value lines, compared on restore */
    private static final ListStateDescriptor<String> WRITTEN_FOR =
            new ListStateDescriptor<>("learner-written-for", Types.STRING);

    private final JobSettings settings;
    // the coordinator's gateway with several learners, else null
    private final transient OperatorEventGateway coordinator;

    private transient SslMethod method;
    private transient TrainingLoop loop;
    private transient BackgroundTrainer trainer;
    private transient ReentrantLock modelLock;
    private transient List<DecodedImage> pending;
    private transient Queue<Step> outbox;
    private transient ListState<byte[]> replicasState;
    private transient List<ReplicaCheckpoint> restoredEntries;
    private transient AveragingRounds rounds;
    private transient int subtask;
    private transient int parallelism;
    private transient ListState<byte[]> learnerState;
    private transient ListState<byte[]> replayState;
    private transient ListState<DecodedImage> pendingState;
    private transient ListState<Long> countersState;
    private transient ListState<String> writtenForState;
    private transient List<String> restoredWrittenFor;
    private transient byte[] restoredLearner;
    private transient byte[] restoredReplay;
    private transient long[] restoredCounters;
    private transient long publishedVersion;
    private transient long lastStepMillis;
    private transient long lastRoundMillis;
    private transient long syncTimeoutMillis;
    private transient MetricsReport report;
    private transient TrainStepResult lastResult;
    private transient WireCodec<TrainingMetrics> metricsCodec;
    private transient LearnerStateSerializer serializer;
    private transient LearnerSettings learner;
    // read once in open(): these are consulted for every record
    private transient boolean sampleMode;
    private transient long maxSteps;
    private transient int snapshotInterval;
    private transient int metricsInterval;
    private transient long idleSnapshotDelayMillis;
    private transient Meter imagesPerSecond;
    private transient FaultInjection faults;
    private transient CollapseWatch collapse;
    private transient ModelExporter exporter;

    /** One training step's result and, when a snapshot was due after it, the weights. */
    private record Step(TrainStepResult result, ModelSnapshot snapshot) {}

    /** One learner (no averaging rounds). */
    public LearnerOperator(JobSettings settings) {
        this.settings = settings;
        this.coordinator = null;
    }

    /** One of several learners, averaging through {@code coordinator}. */
    LearnerOperator(
            JobSettings settings,
            StreamOperatorParameters<ModelSnapshot> parameters,
            OperatorEventGateway coordinator) {
        super(parameters);
        this.settings = settings;
        this.coordinator = coordinator;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        replicasState = context.getOperatorStateStore().getUnionListState(REPLICAS);
        learnerState = context.getOperatorStateStore().getListState(LEARNER_STATE);
        replayState = context.getOperatorStateStore().getListState(REPLAY_STATE);
        pendingState = context.getOperatorStateStore().getListState(PENDING);
        countersState = context.getOperatorStateStore().getListState(COUNTERS);
        writtenForState = context.getOperatorStateStore().getListState(WRITTEN_FOR);
        pending = new ArrayList<>();
        report = new MetricsReport();
        restoredEntries = new ArrayList<>();
        if (context.isRestored()) {
            for (byte[] bytes : replicasState.get()) {
                restoredEntries.add(ReplicaCheckpoint.fromBytes(bytes));
            }
            for (byte[] bytes : learnerState.get()) {
                restoredLearner = bytes;
            }
            for (byte[] bytes : replayState.get()) {
                restoredReplay = bytes;
            }
            for (DecodedImage image : pendingState.get()) {
                pending.add(image);
            }
            List<Long> counters = new ArrayList<>();
            countersState.get().forEach(counters::add);
            if (counters.size() == 3) {
                restoredCounters = new long[] {counters.get(0), counters.get(1), counters.get(2)};
            }
            restoredWrittenFor = new ArrayList<>();
            writtenForState.get().forEach(restoredWrittenFor::add);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        DjlOffline.enforce();
        GradMode.disable();
        IntraOpThreads.setForThisThread(settings.get(LearnerOptions.THREADS));
        serializer = new LearnerStateSerializer();
        metricsCodec = settings.wireFormat().metrics(settings.get(KafkaOptions.METRICS_TOPIC));
        learner = GpuAssignment.onThisSubtask(settings.learnerSettings(), getRuntimeContext());
        sampleMode = settings.get(LearnerOptions.MODE).equals("sample");
        maxSteps = settings.get(LearnerOptions.MAX_STEPS);
        snapshotInterval = settings.get(LearnerOptions.SNAPSHOT_INTERVAL);
        metricsInterval = settings.get(LearnerOptions.METRICS_INTERVAL);
        idleSnapshotDelayMillis = settings.get(LearnerOptions.IDLE_SNAPSHOT_DELAY).toMillis();
        syncTimeoutMillis = settings.get(LearnerOptions.SYNC_TIMEOUT).toMillis();
        faults = settings.faultInjection();
        exporter = new ModelExporter(settings);
        collapse =
                new CollapseWatch(
                        "learner-" + learner.method().methodName(),
                        learner.method().teacherOutputDim(),
                        learner.optimizer().warmupSteps());
        outbox = new ConcurrentLinkedQueue<>();
        modelLock = new ReentrantLock();
        refuseIncompatibleState();
        method = Methods.create(learner);
        ReplayBuffer buffer =
                new ReplayBuffer(
                        ReplayPolicy.fromConfigName(settings.get(LearnerOptions.REPLAY_POLICY)),
                        settings.get(LearnerOptions.REPLAY_CAPACITY),
                        learner.seed() ^ 0x5EEDL);
        loop =
                new TrainingLoop(
                        method,
                        buffer,
                        learner,
                        settings.decodeSize(),
                        settings.mean(),
                        settings.std(),
                        settings.get(LearnerOptions.REPLAY_STEPS_PER_BATCH),
                        settings.get(LearnerOptions.MAX_NON_FINITE_STEPS),
                        snapshotInterval);
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        long restoredSkipped = 0;
        if (!restoredEntries.isEmpty()) {
            restoredSkipped = restoreFromEntries(buffer);
        } else {
            if (restoredLearner != null) {
                method.restoreState(readVersioned(restoredLearner, serializer));
                restoredLearner = null;
            } else if (subtask > 0) {
                // the learners start from the same weights, each with its own random stream
                method.restoreState(ReplicatedState.forReplica(method.saveState(), subtask));
            }
            if (restoredReplay != null) {
                readVersioned(restoredReplay, new ReplayBufferSerializer(buffer));
                restoredReplay = null;
            }
            if (restoredCounters != null) {
                report.restoreImagesTrained(restoredCounters[0]);
                restoredSkipped = restoredCounters[1];
                loop.restoreNewestTrainedTimestamp(restoredCounters[2]);
            }
            startRounds(null, 0);
        }
        if (sampleMode) {
            trainer =
                    new BackgroundTrainer(
                            loop,
                            settings.get(LearnerOptions.THREADS),
                            learner.batchSize(),
                            settings.get(LearnerOptions.SAMPLE_MAX_PENDING),
                            modelLock,
                            this::afterSteps,
                            "streamssl-trainer-" + method.name());
            trainer.restore(pending, restoredSkipped);
            pending.clear();
            trainer.start();
        }
        publishedVersion = -1;
        lastStepMillis = getProcessingTimeService().getCurrentProcessingTime();
        registerMetrics(getMetricGroup().addGroup("streamssl").addGroup("learner"));
        scheduleTick();
    }

    /**
     * Continues from the learners' checkpoint entries: at the same parallelism from this learner's
     * own; at another, every learner merges all entries the same way (the weighted mean of their
     * averaged parts, as one more round would give) and continues with the per-learner state of
     * entry {@code subtask mod old parallelism} (a learner beyond the old count with its own random
     * stream, an empty replay buffer and the outer optimizer's momentum started afresh).
     *
     * @return the images skipped while waiting, as checkpointed
     */
    private long restoreFromEntries(ReplayBuffer buffer) throws IOException {
        List<ReplicaCheckpoint> all = ReplicaCheckpoint.ordered(restoredEntries);
        restoredEntries = null;
        ReplicaCheckpoint own = ReplicaCheckpoint.own(all, subtask, parallelism);
        if (own != null) {
            method.restoreState(own.learnerState());
            readVersioned(own.replay(), new ReplayBufferSerializer(buffer));
            report.restoreImagesTrained(own.imagesTrained());
            loop.restoreNewestTrainedTimestamp(own.newestTrainedMs());
            startRounds(own.rounds().length == 0 ? null : own.rounds(), -1);
            return own.skipped();
        }
        ReplicaCheckpoint base = all.get(subtask % all.size());
        List<Contribution> contributions = new ArrayList<>();
        long lastRound = 0;
        long seen = 0;
        long skipped = 0;
        long newest = -1;
        for (ReplicaCheckpoint e : all) {
            LearnerState state = e.learnerState();
            if (e == base) {
                method.restoreState(state);
            }
            long since = 0;
            if (e.rounds().length > 0) {
                since = AveragingRounds.savedImagesSinceRound(e.rounds());
                lastRound = Math.max(lastRound, AveragingRounds.savedRound(e.rounds()));
            }
            contributions.add(
                    new Contribution(
                            e.replica(),
                            since,
                            ReplicatedState.averaged(state, method::averagedAcrossReplicas)));
            // learner 0 counted everyone's images up to the last round, the others their own
            seen += e.replica() == 0 ? e.imagesTrained() : since;
            skipped += e.skipped();
            newest = Math.max(newest, e.newestTrainedMs());
        }
        method.restoreState(
                ReplicatedState.withAveraged(method.saveState(), ReplicaMean.of(contributions)));
        if (subtask < all.size()) {
            readVersioned(base.replay(), new ReplayBufferSerializer(buffer));
        } else {
            method.restoreState(ReplicatedState.forReplica(method.saveState(), subtask));
        }
        // learner 0 keeps the count of every image trained on; the others count theirs from here
        if (subtask == 0 && all.get(0).replica() == 0) {
            report.restoreImagesTrained(seen);
        }
        loop.restoreNewestTrainedTimestamp(newest);
        startRounds(null, lastRound);
        return subtask == 0 ? skipped : 0;
    }

    /**
     * With several learners: the rounds, continued from {@code saved} (resending an open round's
     * contribution), or started closed after round {@code lastRound}.
     */
    private void startRounds(byte[] saved, long lastRound) {
        if (coordinator == null) {
            return;
        }
        rounds =
                new AveragingRounds(
                        new ReplicaSync(method, subtask, settings.outerOptimizer()),
                        coordinator,
                        subtask,
                        settings.get(LearnerOptions.SYNC_EVERY));
        if (saved != null) {
            rounds.restore(saved);
            rounds.resendIfOpen();
        } else if (lastRound > 0) {
            rounds.restartAfter(lastRound);
        }
    }

    /** Only learner 0 broadcasts snapshots and reports metrics. */
    private boolean reports() {
        return subtask == 0;
    }

    /** The options a checkpoint's learner state depends on, as {@code option=value}. */
    private List<String> writtenFor() {
        return List.of(
                "learner.method=" + settings.get(LearnerOptions.METHOD),
                "learner.architecture=" + learner.architecture().configName(),
                "input.image-size=" + learner.imageSize(),
                "input.decode-size=" + settings.decodeSize(),
                "input.channels=" + learner.channels(),
                "learner.replay.policy=" + settings.get(LearnerOptions.REPLAY_POLICY),
                "learner.replay.capacity=" + settings.get(LearnerOptions.REPLAY_CAPACITY));
    }

    /**
     * A checkpoint written for another method, encoder or input shape cannot be continued. Failing
     * inside the learner would restart the job from the same checkpoint for ever; this fails it
     * once, without restarts, with one line naming the option and both values.
     */
    private void refuseIncompatibleState() {
        if (restoredWrittenFor == null || restoredWrittenFor.isEmpty()) {
            return;
        }
        for (String now : writtenFor()) {
            String option = now.substring(0, now.indexOf('='));
            for (String then : restoredWrittenFor) {
                if (then.startsWith(option + "=") && !then.equals(now)) {
                    throw new SuppressRestartsException(
                            new IllegalStateException(
                                    "the checkpoint's learner state was written with "
                                            + then
                                            + " but the job is configured with "
                                            + now
                                            + "; configure "
                                            + option
                                            + " as the checkpoint was written, or start the"
                                            + " job without the checkpoint"));
                }
            }
        }
    }

    @Override
    public void processElement(StreamRecord<DecodedImage> element) throws Exception {
        if (publishedVersion < 0) {
            if (reports()) {
                publishNow();
            } else {
                publishedVersion = 0;
            }
        }
        emitCompletedSteps();
        DecodedImage image = element.getValue();
        if (!image.learnable() || trainingFinished()) {
            return;
        }
        if (sampleMode) {
            trainer.offer(image);
            return;
        }
        pending.add(image);
        trainWhileReady();
    }

    /** Trains on full batches of waiting images unless an averaging round is open. */
    private void trainWhileReady() {
        while (pending.size() >= learner.batchSize()
                && (rounds == null || !rounds.isOpen())
                && !trainingFinished()) {
            learnFromPending();
        }
    }

    /** One batch (at most a batch's worth) of the waiting images. */
    private void learnFromPending() {
        int n = Math.min(pending.size(), learner.batchSize());
        List<DecodedImage> batch = new ArrayList<>(pending.subList(0, n));
        pending.subList(0, n).clear();
        List<TrainStepResult> results = loop.learnFrom(batch);
        afterSteps(results);
        if (rounds != null) {
            rounds.afterSteps(results);
        }
        emitCompletedSteps();
    }

    /**
     * A piece of an averaging round's mean. When the round closes: learner 0 counts the other
     * learners' images of the round, broadcasts the averaged model when a snapshot is due, and
     * training goes on with the images that waited.
     */
    @Override
    public void handleOperatorEvent(OperatorEvent event) {
        if (event instanceof RoundOpened opened && rounds != null) {
            rounds.othersOpened(opened.round());
            return;
        }
        if (!(event instanceof RoundChunk chunk) || rounds == null) {
            throw new IllegalArgumentException("unexpected operator event " + event);
        }
        long own = rounds.imagesSinceRound();
        long total;
        modelLock.lock();
        try {
            total = rounds.receive(chunk);
            if (total >= 0 && reports()) {
                report.trained(Math.toIntExact(total - own));
            }
        } finally {
            modelLock.unlock();
        }
        if (total < 0) {
            return;
        }
        lastRoundMillis = getProcessingTimeService().getCurrentProcessingTime();
        // the averaged model goes out when a snapshot is due, and when no step follows now (the
        // stream is idle: the embedders should not wait for the next round)
        boolean idle = pending.size() < learner.batchSize();
        if (reports()
                && (method.step() - publishedVersion >= snapshotInterval
                        || idle
                        || trainingFinished())) {
            emit(snapshot());
        }
        // the count of every learner's images moved at the round: say so
        emitMetrics();
        trainWhileReady();
    }

    /**
     * After a batch's steps, under the model lock (on the trainer thread in sample mode): prepares
     * the snapshots that are due, for the operator thread to emit.
     */
    private void afterSteps(List<TrainStepResult> results) {
        for (TrainStepResult r : results) {
            faults.pass(FaultInjection.Point.LEARNER_STEP);
            // counted with the step, under the model lock, not when the operator thread emits it:
            // a checkpoint between the two would hold the step's weights without its images
            if (r.applied()) {
                report.trained(r.images());
            }
            // several learners broadcast the averaged model only, when a round closes
            boolean due =
                    coordinator == null
                            && (r.step() % snapshotInterval == 0
                                    || (maxSteps > 0 && r.step() >= maxSteps));
            outbox.add(new Step(r, due ? snapshot() : null));
        }
    }

    /** Emits what the trainer finished since the last call: metrics and due snapshots. */
    private void emitCompletedSteps() {
        if (trainer != null) {
            trainer.rethrow();
        }
        Step s;
        while ((s = outbox.poll()) != null) {
            lastResult = s.result();
            if (s.result().applied()) {
                imagesPerSecond.markEvent(s.result().images());
            }
            lastStepMillis = getProcessingTimeService().getCurrentProcessingTime();
            if (s.snapshot() != null) {
                emit(s.snapshot());
            }
            if (reports() && (s.result().step() % metricsInterval == 0 || trainingFinished())) {
                emitMetrics();
            }
        }
    }

    /**
     * Flink metrics (web UI, REST, any reporter such as Prometheus) under {@code
     * streamssl.learner}: the same numbers as the metrics topic, live.
     */
    private void registerMetrics(MetricGroup group) {
        group.gauge("step", () -> lastResult == null ? 0L : lastResult.step());
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
        group.gauge("pendingImages", this::waitingImages);
        group.gauge("imagesSkipped", this::imagesSkipped);
        group.gauge("learnerLagSeconds", this::lagSeconds);
        group.gauge("replayBufferImages", () -> (long) loop.buffer().size());
        group.gauge("nonFiniteSteps", this::nonFiniteSteps);
        group.gauge("collapseAlarms", () -> collapse.raised());
        group.gauge("exportFailures", () -> exporter.failures());
        group.gauge("restoresToLastGoodState", this::restoresToLastGoodState);
        imagesPerSecond = group.meter("imagesPerSecond", new MeterView(30));
    }

    /** Images trained on so far (a replayed image counts each time). */
    long imagesTrained() {
        return report.imagesTrained();
    }

    /** Training steps taken so far (the model version of the next snapshot). */
    long step() {
        return method.step();
    }

    long nonFiniteSteps() {
        return loop.nonFiniteSteps();
    }

    /**
     * The method's whole state (weights, optimizer moments, teachers, queue, center, centroids,
     * step, random streams) and the replay buffer, as a checkpoint writes them: two runs that
     * return equal bytes hold the same model.
     */
    byte[][] savedState() throws IOException {
        modelLock.lock();
        try {
            ReplayBuffer buffer = loop.buffer();
            return new byte[][] {
                writeVersioned(method.saveState(), serializer),
                writeVersioned(buffer, new ReplayBufferSerializer(buffer))
            };
        } finally {
            modelLock.unlock();
        }
    }

    long restoresToLastGoodState() {
        return loop.restores();
    }

    /**
     * Images trained on, skipped and waiting, read together under the model lock: in sample mode a
     * batch the trainer holds is in none of the three until its step ends.
     */
    long[] imageAccount() {
        modelLock.lock();
        try {
            return new long[] {imagesTrained(), imagesSkipped(), waitingImages()};
        } finally {
            modelLock.unlock();
        }
    }

    /** Learnable images received but not yet trained on or skipped. */
    int waitingImages() {
        return trainer == null ? pending.size() : trainer.waiting();
    }

    private MethodIndicators indicators() {
        return lastResult == null ? MethodIndicators.NONE : lastResult.indicators();
    }

    long imagesSkipped() {
        return loop.buffer().skipped() + (trainer == null ? 0 : trainer.skipped());
    }

    /** Seconds between now and the newest image trained on; NaN before the first step. */
    private double lagSeconds() {
        long newest = loop.newestTrainedTimestampMs();
        return newest < 0 ? Double.NaN : (System.currentTimeMillis() - newest) / 1000.0;
    }

    private boolean trainingFinished() {
        return maxSteps > 0 && lastStep() >= maxSteps;
    }

    private long lastStep() {
        return lastResult == null ? method.step() : lastResult.step();
    }

    /** The evaluation weights now, as a snapshot; call with the model lock held or no trainer. */
    private ModelSnapshot snapshot() {
        try {
            NamedTensorsSerializer weights = new NamedTensorsSerializer();
            return new ModelSnapshot(
                    method.name(),
                    method.step(),
                    weights.version(),
                    weights.serialize(method.evaluationWeights()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void publishNow() {
        modelLock.lock();
        try {
            emit(snapshot());
        } finally {
            modelLock.unlock();
        }
    }

    private void emit(ModelSnapshot snapshot) {
        if (snapshot.version > publishedVersion && reports()) {
            output.collect(new StreamRecord<>(snapshot));
            publishedVersion = snapshot.version;
            exporter.published(snapshot);
        }
    }

    private void emitMetrics() {
        if (lastResult == null || !reports()) {
            return;
        }
        TrainingMetrics metrics =
                report.report(
                        method.name(),
                        lastResult,
                        publishedVersion,
                        imagesSkipped(),
                        lagSeconds(),
                        loop.buffer().size(),
                        loop.nonFiniteSteps(),
                        loop.restores(),
                        collapse.check(lastResult));
        output.collect(
                METRICS,
                new StreamRecord<>(new EncodedRecord(method.name(), metricsCodec.encode(metrics))));
    }

    private void scheduleTick() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + 100, this::onTick);
    }

    /**
     * Emits the trainer's finished steps; publishes newer weights after an idle spell. With several
     * learners, one that cannot step for {@code learner.sync-timeout} takes its tail of steps, or
     * its place in a round another learner opened, to a round.
     */
    private void onTick(long time) {
        emitCompletedSteps();
        if (rounds != null
                && !rounds.isOpen()
                && pending.size() < learner.batchSize()
                && time - Math.max(lastStepMillis, lastRoundMillis) >= syncTimeoutMillis) {
            rounds.openIfIdle();
        }
        if (coordinator == null
                && publishedVersion >= 0
                && lastStep() > publishedVersion
                && time - lastStepMillis >= idleSnapshotDelayMillis) {
            publishNow();
            emitMetrics();
        }
        scheduleTick();
    }

    /**
     * At end of input: the trainer's full batches, then the last partial batch (at least two
     * images, which a contrastive loss needs), then the final weights.
     */
    @Override
    public void finish() throws Exception {
        if (trainer != null) {
            pending.addAll(trainer.drainAndStop());
            trainer = null;
        }
        emitCompletedSteps();
        // several learners cannot finish a round at the end of input (its mean would arrive after
        // the operator has finished): they end with the model of their last round
        if (coordinator == null) {
            // in batches of the learner's size, the last one partial
            while (pending.size() >= 2 && !trainingFinished()) {
                learnFromPending();
            }
            if (method.step() > publishedVersion) {
                publishNow();
                emitMetrics();
            }
        }
        super.finish();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        faults.pass(FaultInjection.Point.LEARNER_SNAPSHOT);
        modelLock.lock();
        try {
            ReplayBuffer buffer = loop.buffer();
            List<DecodedImage> waiting = new ArrayList<>(pending);
            long skippedWaiting = 0;
            if (trainer != null) {
                waiting.addAll(trainer.pending());
                skippedWaiting = trainer.skipped();
            }
            replicasState.update(
                    List.of(
                            new ReplicaCheckpoint(
                                            subtask,
                                            parallelism,
                                            report.imagesTrained(),
                                            skippedWaiting,
                                            loop.newestTrainedTimestampMs(),
                                            writeVersioned(method.saveState(), serializer),
                                            writeVersioned(
                                                    buffer, new ReplayBufferSerializer(buffer)),
                                            rounds == null ? new byte[0] : rounds.save())
                                    .toBytes()));
            learnerState.clear();
            replayState.clear();
            countersState.clear();
            pendingState.update(waiting);
            writtenForState.update(writtenFor());
        } finally {
            modelLock.unlock();
        }
    }

    private static <T> byte[] writeVersioned(T value, VersionedSerializer<T> serializer)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(serializer.version());
            out.write(serializer.serialize(value));
        }
        return bytes.toByteArray();
    }

    private static <T> T readVersioned(byte[] bytes, VersionedSerializer<T> serializer)
            throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            return serializer.deserialize(version, in.readAllBytes());
        }
    }

    @Override
    public void close() throws Exception {
        if (trainer != null) {
            trainer.close();
        }
        if (method != null) {
            method.close();
        }
        super.close();
    }
}
