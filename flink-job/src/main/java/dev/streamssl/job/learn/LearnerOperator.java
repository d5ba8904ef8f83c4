package dev.streamssl.job.learn;

import dev.streamssl.job.config.EmbedderOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.device.GpuAssignment;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.priority.LearnerYield;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.model.DjlOffline;
import dev.streamssl.learner.model.IntraOpThreads;
import dev.streamssl.learner.torch.GradMode;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.flink.metrics.MetricGroup;
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
 * {@link dev.streamssl.job.learn.sync.AveragingCoordinator} (each learner's part: {@link
 * RoundParticipant}), parking new images while their round is open. Only learner 0 broadcasts
 * snapshots, and only the averaged model (after a round), and only it reports metrics.
 *
 * <p>This class is the wiring: its operator state, restore and rescaling included, is the {@link
 * LearnerCheckpoint}'s (a checkpoint in sample mode waits for the step in flight, under the model
 * lock); the snapshots go out through the {@link SnapshotPublisher}; the gauges and metrics records
 * are the {@link LearnerMetrics}'.
 */
public final class LearnerOperator extends AbstractStreamOperator<ModelSnapshot>
        implements OneInputStreamOperator<DecodedImage, ModelSnapshot>, OperatorEventHandler {
    public static final OutputTag<EncodedRecord> METRICS = new OutputTag<>("metrics") {};

    private final JobSettings settings;
    // the coordinator's gateway with several learners, else null
    private final transient OperatorEventGateway coordinator;

    private transient SslMethod method;
    private transient TrainingLoop loop;
    private transient BackgroundTrainer trainer;
    private transient ReentrantLock modelLock;
    private transient List<DecodedImage> pending;
    private transient Queue<Step> outbox;
    private transient LearnerCheckpoint checkpoint;
    private transient List<String> writtenFor;
    // with several learners, else null
    private transient RoundParticipant rounds;
    private transient int subtask;
    private transient int parallelism;
    private transient SnapshotPublisher publisher;
    private transient long lastStepMillis;
    private transient MetricsReport report;
    private transient LearnerMetrics metrics;
    private transient LearnerSettings learner;
    // read once in open(): these are consulted for every record
    private transient boolean sampleMode;
    private transient long maxSteps;
    private transient int snapshotInterval;
    private transient int metricsInterval;
    private transient long idleSnapshotDelayMillis;
    private transient FaultInjection faults;
    private transient LearnerYield yield;

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
        checkpoint = new LearnerCheckpoint(context);
        pending = new ArrayList<>(checkpoint.takeRestoredPending());
        report = new MetricsReport();
    }

    @Override
    public void open() throws Exception {
        super.open();
        DjlOffline.enforce();
        GradMode.disable();
        IntraOpThreads.setForThisThread(settings.get(LearnerOptions.THREADS));
        WireCodec<TrainingMetrics> metricsCodec =
                settings.wireFormat().metrics(settings.get(KafkaOptions.METRICS_TOPIC));
        learner = GpuAssignment.onThisSubtask(settings.learnerSettings(), getRuntimeContext());
        sampleMode = settings.get(LearnerOptions.MODE).equals("sample");
        maxSteps = settings.get(LearnerOptions.MAX_STEPS);
        snapshotInterval = settings.get(LearnerOptions.SNAPSHOT_INTERVAL);
        metricsInterval = settings.get(LearnerOptions.METRICS_INTERVAL);
        idleSnapshotDelayMillis = settings.get(LearnerOptions.IDLE_SNAPSHOT_DELAY).toMillis();
        faults = settings.faultInjection();
        yield =
                LearnerYield.forJob(
                        getRuntimeContext().getJobInfo().getJobId().toString(),
                        settings.get(EmbedderOptions.MAX_LAG).toMillis(),
                        settings.get(LearnerOptions.YIELD_SHARE));
        ModelExporter exporter = new ModelExporter(settings);
        CollapseWatch collapse =
                new CollapseWatch(
                        "learner-" + learner.method().methodName(),
                        learner.method().teacherOutputDim(),
                        learner.optimizer().warmupSteps());
        outbox = new ConcurrentLinkedQueue<>();
        modelLock = new ReentrantLock();
        writtenFor = LearnerCheckpoint.writtenFor(settings, learner);
        checkpoint.refuseIncompatibleState(writtenFor);
        method = Methods.create(learner);
        loop = TrainingLoop.of(method, settings, learner);
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        publisher = new SnapshotPublisher(method, modelLock, output, exporter, reports());
        metrics =
                new LearnerMetrics(
                        loop,
                        report,
                        collapse,
                        exporter,
                        metricsCodec,
                        settings.wireFormat()
                                .driftReports(settings.get(KafkaOptions.METRICS_TOPIC)),
                        publisher::publishedVersion,
                        this::waitingImages,
                        this::skippedWaiting);
        LearnerCheckpoint.Resumed resumed = checkpoint.restore(loop, report, subtask, parallelism);
        if (coordinator != null) {
            rounds =
                    RoundParticipant.start(
                            method,
                            subtask,
                            settings,
                            coordinator,
                            resumed,
                            modelLock,
                            report,
                            getProcessingTimeService()::getCurrentProcessingTime);
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
                            yield,
                            "streamssl-trainer-" + method.name());
            trainer.restore(pending, resumed.skippedWaiting());
            pending.clear();
            trainer.start();
        }
        lastStepMillis = getProcessingTimeService().getCurrentProcessingTime();
        MetricGroup group = getMetricGroup().addGroup("streamssl").addGroup("learner");
        metrics.register(group);
        // 1 while the embedders are past embedder.max-lag and the learner takes its share only
        group.gauge("yieldingToEmbedders", () -> yield.yielding() ? 1 : 0);
        group.gauge("yieldedMillis", yield::restedMillis);
        scheduleTick();
    }

    /** Only learner 0 broadcasts snapshots and reports metrics. */
    private boolean reports() {
        return subtask == 0;
    }

    @Override
    public void processElement(StreamRecord<DecodedImage> element) throws Exception {
        if (publisher.publishedVersion() < 0) {
            publisher.start();
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
        yield.rest(results);
    }

    /**
     * An event of the averaging coordinator. When it closes a round: learner 0 broadcasts the
     * averaged model when a snapshot is due, and training goes on with the images that waited.
     */
    @Override
    public void handleOperatorEvent(OperatorEvent event) {
        if (rounds == null) {
            throw new IllegalArgumentException("unexpected operator event " + event);
        }
        if (!rounds.handle(event)) {
            return;
        }
        // the averaged model goes out when a snapshot is due, and when no step follows now (the
        // stream is idle: the embedders should not wait for the next round)
        boolean idle = pending.size() < learner.batchSize();
        if (reports()
                && (method.step() - publisher.publishedVersion() >= snapshotInterval
                        || idle
                        || trainingFinished())) {
            publisher.publish(publisher.snapshot());
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
            outbox.add(new Step(r, due ? publisher.snapshot() : null));
        }
    }

    /** Emits what the trainer finished since the last call: metrics and due snapshots. */
    private void emitCompletedSteps() {
        if (trainer != null) {
            trainer.rethrow();
        }
        Step s;
        while ((s = outbox.poll()) != null) {
            metrics.stepped(s.result());
            lastStepMillis = getProcessingTimeService().getCurrentProcessingTime();
            if (s.snapshot() != null) {
                publisher.publish(s.snapshot());
            }
            if (reports() && (s.result().step() % metricsInterval == 0 || trainingFinished())) {
                emitMetrics();
            }
        }
        if (reports()) {
            for (EncodedRecord drift : metrics.driftRecords()) {
                output.collect(METRICS, new StreamRecord<>(drift));
            }
        }
    }

    /** Learnable images received but not yet trained on or skipped. */
    private int waitingImages() {
        return trainer == null ? pending.size() : trainer.waiting();
    }

    /** Images the sample mode's full queue dropped. */
    private long skippedWaiting() {
        return trainer == null ? 0 : trainer.skipped();
    }

    private boolean trainingFinished() {
        return maxSteps > 0 && lastStep() >= maxSteps;
    }

    private long lastStep() {
        TrainStepResult last = metrics.last();
        return last == null ? method.step() : last.step();
    }

    private void emitMetrics() {
        if (!reports()) {
            return;
        }
        EncodedRecord record = metrics.record();
        if (record != null) {
            output.collect(METRICS, new StreamRecord<>(record));
        }
    }

    private void scheduleTick() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + 100, this::onTick);
    }

    /**
     * Emits the trainer's finished steps; publishes newer weights after an idle spell. With several
     * learners, one that cannot step for {@code learner.sync-timeout} goes to a round.
     */
    private void onTick(long time) {
        emitCompletedSteps();
        if (rounds != null) {
            rounds.onTick(time, lastStepMillis, pending.size() >= learner.batchSize());
        }
        if (coordinator == null
                && publisher.publishedVersion() >= 0
                && lastStep() > publisher.publishedVersion()
                && time - lastStepMillis >= idleSnapshotDelayMillis) {
            publisher.publishNow();
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
            if (method.step() > publisher.publishedVersion()) {
                publisher.publishNow();
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
            List<DecodedImage> waiting = new ArrayList<>(pending);
            if (trainer != null) {
                waiting.addAll(trainer.pending());
            }
            checkpoint.write(
                    ReplicaCheckpoint.of(
                            subtask,
                            parallelism,
                            report.imagesTrained(),
                            skippedWaiting(),
                            loop,
                            rounds == null ? new byte[0] : rounds.save()),
                    waiting,
                    writtenFor);
        } finally {
            modelLock.unlock();
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
