package dev.streamssl.job.learn;

import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.learner.drift.DriftCheck;
import dev.streamssl.learner.method.MethodIndicators;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.schemas.DriftReport;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * The learner's metrics, the same numbers in two forms: Flink gauges under {@code
 * streamssl.learner} (web UI, REST, any reporter such as Prometheus), live; and a {@link
 * TrainingMetrics} record for the metrics topic, composed by the {@link MetricsReport} of the steps
 * since the last one, with the {@link CollapseWatch}'s alarms. Both read the last step the operator
 * emitted; used on the operator's thread.
 */
final class LearnerMetrics {
    private final TrainingLoop loop;
    private final MetricsReport report;
    private final CollapseWatch collapse;
    private final ModelExporter exporter;
    private final WireCodec<TrainingMetrics> codec;
    private final WireCodec<DriftReport> driftCodec;
    private final LongSupplier publishedVersion;
    private final IntSupplier waitingImages;
    private final LongSupplier skippedWaiting;
    private TrainStepResult last;
    private Meter imagesPerSecond;

    /**
     * @param publishedVersion the newest model version broadcast
     * @param waitingImages learnable images received but not yet trained on or skipped
     * @param skippedWaiting images skipped while waiting (sample mode)
     */
    LearnerMetrics(
            TrainingLoop loop,
            MetricsReport report,
            CollapseWatch collapse,
            ModelExporter exporter,
            WireCodec<TrainingMetrics> codec,
            WireCodec<DriftReport> driftCodec,
            LongSupplier publishedVersion,
            IntSupplier waitingImages,
            LongSupplier skippedWaiting) {
        this.loop = loop;
        this.report = report;
        this.collapse = collapse;
        this.exporter = exporter;
        this.codec = codec;
        this.driftCodec = driftCodec;
        this.publishedVersion = publishedVersion;
        this.waitingImages = waitingImages;
        this.skippedWaiting = skippedWaiting;
    }

    /** Registers the gauges and the images-per-second meter in {@code group}. */
    void register(MetricGroup group) {
        group.gauge("step", () -> last == null ? 0L : last.step());
        group.gauge("modelVersion", publishedVersion::getAsLong);
        group.gauge("loss", () -> last == null ? Double.NaN : last.loss());
        group.gauge("learningRate", () -> last == null ? Double.NaN : last.learningRate());
        group.gauge("momentum", () -> last == null ? Double.NaN : last.momentum());
        group.gauge("teacherEntropy", () -> indicators().teacherEntropy());
        group.gauge("teacherStudentKl", () -> indicators().teacherStudentKl());
        group.gauge("positiveSimilarity", () -> indicators().positiveSimilarity());
        group.gauge("negativeSimilarity", () -> indicators().negativeSimilarity());
        group.gauge("clusterEntropy", () -> indicators().clusterEntropy());
        group.gauge("embeddingStd", () -> last == null ? Double.NaN : last.embeddingStd());
        group.gauge("stepMillis", () -> last == null ? Double.NaN : last.millis());
        group.gauge("pendingImages", waitingImages::getAsInt);
        group.gauge("imagesSkipped", this::imagesSkipped);
        group.gauge("learnerLagSeconds", this::lagSeconds);
        group.gauge("replayBufferImages", () -> (long) loop.buffer().size());
        group.gauge("nonFiniteSteps", loop::nonFiniteSteps);
        group.gauge("collapseAlarms", collapse::raised);
        group.gauge("exportFailures", exporter::failures);
        group.gauge("restoresToLastGoodState", loop::restores);
        group.gauge("driftStatistic", () -> drift(r -> r.result().statistic()));
        group.gauge("driftThreshold", () -> drift(r -> r.result().threshold()));
        group.gauge("driftChecks", () -> loop.drift().checks());
        group.gauge("driftAlarms", () -> loop.drift().alarms());
        group.gauge("anchorRefreshes", () -> loop.method().anchorRefreshes());
        imagesPerSecond = group.meter("imagesPerSecond", new MeterView(30));
    }

    /** A step the operator emitted: the one the metrics now describe. */
    void stepped(TrainStepResult result) {
        last = result;
        if (result.applied()) {
            imagesPerSecond.markEvent(result.images());
        }
    }

    /** The last step emitted, or null before the first. */
    TrainStepResult last() {
        return last;
    }

    /**
     * The metrics record of the steps since the previous one, encoded for the metrics topic; null
     * before the first step. Starts the next interval and checks the collapse alarms.
     */
    EncodedRecord record() {
        if (last == null) {
            return null;
        }
        TrainingMetrics metrics =
                report.report(
                        loop.method().name(),
                        last,
                        publishedVersion.getAsLong(),
                        imagesSkipped(),
                        lagSeconds(),
                        loop.buffer().size(),
                        loop.nonFiniteSteps(),
                        loop.restores(),
                        collapse.check(last));
        return new EncodedRecord(loop.method().name(), codec.encode(metrics));
    }

    /** The drift checks since the last call, encoded for the metrics topic. */
    List<EncodedRecord> driftRecords() {
        List<EncodedRecord> out = new ArrayList<>();
        TrainingLoop.DriftEvent e;
        while ((e = loop.pollDriftEvent()) != null) {
            DriftCheck.Settings s = loop.drift().settings();
            DriftReport report =
                    DriftReport.newBuilder()
                            .setTimestampMs(System.currentTimeMillis())
                            .setMethod(loop.method().name())
                            .setStep(e.step())
                            .setImages(e.result().images())
                            .setStatistic(e.result().statistic())
                            .setThreshold(e.result().threshold())
                            .setDrifted(e.result().drifted())
                            .setAlarms(e.alarms())
                            .setReferenceSize(s.referenceSize())
                            .setWindow(s.window())
                            .setFalseAlarmRate(s.falseAlarmRate())
                            .setAnchorRefreshed(e.anchorRefreshed())
                            .build();
            out.add(new EncodedRecord(loop.method().name(), driftCodec.encode(report)));
        }
        return out;
    }

    private double drift(ToDoubleFunction<TrainingLoop.DriftEvent> value) {
        TrainingLoop.DriftEvent last = loop.lastDrift();
        return last == null ? Double.NaN : value.applyAsDouble(last);
    }

    private MethodIndicators indicators() {
        return last == null ? MethodIndicators.NONE : last.indicators();
    }

    /** Images that left the replay buffer untrained, and images skipped while waiting. */
    private long imagesSkipped() {
        return loop.buffer().skipped() + skippedWaiting.getAsLong();
    }

    /** Seconds between now and the newest image trained on; NaN before the first step. */
    private double lagSeconds() {
        long newest = loop.newestTrainedTimestampMs();
        return newest < 0 ? Double.NaN : (System.currentTimeMillis() - newest) / 1000.0;
    }
}
