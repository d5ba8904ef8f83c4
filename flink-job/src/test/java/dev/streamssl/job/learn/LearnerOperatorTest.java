package dev.streamssl.job.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.metrics.CollapseAlarms;
import dev.streamssl.schemas.DriftReport;
import dev.streamssl.schemas.TrainingMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The learner operator under Flink's test harness: snapshot, restore, continue. */
public class LearnerOperatorTest {
    private static final int BATCH = 16;

    public static JobSettings settings() {
        return settings("simclr");
    }

    /** Tiny settings of a method: 16×16 images, batches of 16, small heads, queue and crops. */
    public static JobSettings settings(String method) {
        return settings(method, Map.of());
    }

    public static JobSettings settings(String method, Map<String, String> more) {
        Map<String, String> options = new HashMap<>();
        options.put("kafka.bootstrap-servers", "unused:9092");
        options.put("input.image-size", "16");
        options.put("learner.method", method);
        options.put("learner.batch-size", String.valueOf(BATCH));
        options.put("learner.snapshot-interval", "1");
        options.put("learner.metrics-interval", "1");
        options.put("learner.device", "cpu");
        options.put("simclr.projection-hidden-dim", "32");
        options.put("simclr.projection-dim", "16");
        options.put("moco.projection-hidden-dim", "32");
        options.put("moco.projection-dim", "16");
        options.put("moco.queue-size", "40");
        options.put("byol.projection-hidden-dim", "32");
        options.put("byol.projection-dim", "16");
        options.put("dino.head-hidden-dim", "32");
        options.put("dino.bottleneck-dim", "16");
        options.put("dino.output-dim", "64");
        options.put("dino.local-crops", "2");
        options.put("dino.local-size", "8");
        options.put("dino.freeze-last-layer-steps", "1");
        options.put("deepcluster.clusters", "6");
        options.put("deepcluster.pca-dim", "8");
        options.put("deepcluster.recluster-steps", "2");
        options.put("deepcluster.memory-size", "40");
        options.put("deepcluster.kmeans-iterations", "5");
        options.put("deepercluster.super-clusters", "2");
        options.put("deepercluster.sub-clusters", "3");
        options.put("selflabel.clusters", "8");
        options.put("selflabel.queue-size", "24");
        options.put("swav.prototypes", "16");
        options.put("swav.queue-size", "32");
        options.put("swav.freeze-prototypes-steps", "1");
        options.put("swav.projection-hidden-dim", "32");
        options.put("swav.projection-dim", "16");
        options.put("swav.local-crops", "2");
        options.put("swav.local-size", "8");
        options.put("barlowtwins.projection-hidden-dim", "32");
        options.put("barlowtwins.projection-dim", "16");
        options.put("vicreg.expander-dim", "16");
        options.put("simsiam.projection-dim", "16");
        options.put("simsiam.predictor-hidden-dim", "8");
        options.put("nnclr.queue-size", "40");
        options.put("nnclr.projection-hidden-dim", "32");
        options.put("nnclr.projection-dim", "16");
        options.putAll(more);
        return JobSettings.from(ConfigLoader.fromMap(options));
    }

    public static DecodedImage image(int i) {
        byte[] pixels = new byte[16 * 16];
        new SplittableRandom(i).nextBytes(pixels);
        return new DecodedImage("img-" + i, i, pixels, i % 10, Map.of());
    }

    static String[] methods() {
        return dev.streamssl.learner.method.Methods.names().toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void restoredLearnerContinuesExactlyLikeTheOriginal(String method) throws Exception {
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> original =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings(method)));
        original.open();
        int next = 0;
        // two full batches and three buffered images that are not yet trained on
        for (; next < 2 * BATCH + 3; next++) {
            original.processElement(new StreamRecord<>(image(next)));
        }
        OperatorSubtaskState checkpoint = original.snapshot(1L, 1L);

        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> restored =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings(method)));
        restored.initializeState(checkpoint);
        restored.open();

        for (int i = next; i < next + BATCH - 3; i++) {
            original.processElement(new StreamRecord<>(image(i)));
            restored.processElement(new StreamRecord<>(image(i)));
        }
        ModelSnapshot fromOriginal = last(original);
        ModelSnapshot fromRestored = last(restored);
        // step 3 needs the three buffered images: it happens only if they were restored
        assertThat(fromOriginal.version).isEqualTo(3);
        assertThat(fromRestored.version).isEqualTo(3);
        assertThat(fromRestored.method).isEqualTo(method);
        assertThat(fromRestored.weights).isEqualTo(fromOriginal.weights);
        TrainingMetrics a = new LearnerProbe(original).lastMetrics();
        TrainingMetrics b = new LearnerProbe(restored).lastMetrics();
        assertThat(b.getStep()).isEqualTo(3);
        assertThat(b.getLoss()).isEqualTo(a.getLoss());
        assertThat(b.getMomentum()).isEqualTo(a.getMomentum());
        assertThat(b.getTeacherEntropy()).isEqualTo(a.getTeacherEntropy());
        assertThat(b.getPositiveSimilarity()).isEqualTo(a.getPositiveSimilarity());
        assertThat(b.getClusterEntropy()).isEqualTo(a.getClusterEntropy());
        if (List.of("moco", "byol", "dino").contains(method)) {
            assertThat(b.getMomentum()).isNotNull();
        }
        if (method.contains("cluster") || method.equals("selflabel")) {
            assertThat(b.getClusterEntropy()).isNotNull();
        }
        original.close();
        restored.close();
    }

    /**
     * A crash loses the steps taken after the last checkpoint; the source then replays the images
     * from the checkpointed offsets. The recovered learner must end bit for bit where an
     * uninterrupted one ends: every parameter, optimizer moment, teacher, queue, center, centroid,
     * the step and the replay buffer.
     */
    @ParameterizedTest
    @MethodSource("methods")
    void aRunThatCrashesAndRecoversEndsWithTheSameStateAsAnUninterruptedOne(String method)
            throws Exception {
        long[] steps = crashAndRecover(settings(method));
        assertThat(steps[0]).as("step at the crash").isEqualTo(4);
        assertThat(steps[1]).as("step at the end").isEqualTo(5);
    }

    static List<Map<String, String>> strategies() {
        Map<String, String> cassle =
                Map.of(
                        "continual.strategy", "cassle",
                        "continual.refresh-every", "2",
                        "continual.cassle.predictor-hidden-dim", "32");
        Map<String, String> mixedReplay =
                Map.of(
                        "learner.replay.policy", "minred",
                        "learner.replay.capacity", "48",
                        "learner.replay.share", "0.5");
        Map<String, String> both = new HashMap<>(cassle);
        both.putAll(mixedReplay);
        return List.of(cassle, mixedReplay, both);
    }

    /**
     * The same crash with each continual strategy: CaSSLe's frozen copy, predictor and flags, and a
     * replay buffer that mixes new and old images, come back so that the recovered learner
     * refreshes its copy at the same steps (2 and 4 straddle the checkpoint and the crash) and ends
     * bit for bit where the uninterrupted one does.
     */
    @ParameterizedTest
    @MethodSource("strategies")
    void aRunWithAContinualStrategyRecoversBitForBit(Map<String, String> strategy)
            throws Exception {
        for (String method : List.of("simclr", "vicreg")) {
            long[] steps = crashAndRecover(settings(method, strategy));
            assertThat(steps[1]).as(method + " steps").isGreaterThanOrEqualTo(5);
        }
    }

    /**
     * Feeds 5 batches and 4 images to a learner without interruption, and to one that is
     * checkpointed after 2 batches and 3 images, crashes after 4 batches and 1 image, and recovers
     * from the checkpoint; asserts that both end with equal checkpoint bytes.
     *
     * @return the crashing learner's step at the crash and the step both end at
     */
    private static long[] crashAndRecover(JobSettings settings) throws Exception {
        int total = 5 * BATCH + 4;
        int checkpointAt = 2 * BATCH + 3;
        int crashAt = 4 * BATCH + 1;
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> uninterrupted =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings));
        uninterrupted.open();
        feed(uninterrupted, 0, total);

        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> crashing =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings));
        crashing.open();
        LearnerProbe probe = new LearnerProbe(crashing);
        feed(crashing, 0, checkpointAt);
        OperatorSubtaskState checkpoint = probe.checkpoint().state();
        long stepAtCheckpoint = probe.checkpoint().step();
        feed(crashing, checkpointAt, crashAt); // steps that the crash throws away
        long stepAtCrash = probe.checkpoint().step();
        crashing.close();
        assertThat(stepAtCrash).isGreaterThan(stepAtCheckpoint);

        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> recovered =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings));
        recovered.initializeState(checkpoint);
        recovered.open();
        feed(recovered, checkpointAt, total);

        // the learners' state as a checkpoint writes it: equal bytes hold the same model
        LearnerProbe.Checkpoint a = new LearnerProbe(uninterrupted).checkpoint();
        LearnerProbe.Checkpoint b = new LearnerProbe(recovered).checkpoint();
        assertThat(b.step()).isEqualTo(a.step());
        assertThat(b.entry().learner()).as("method state").isEqualTo(a.entry().learner());
        assertThat(b.entry().replay()).as("replay buffer").isEqualTo(a.entry().replay());
        assertThat(b.entry().imagesTrained()).isEqualTo(a.entry().imagesTrained());
        uninterrupted.close();
        recovered.close();
        return new long[] {stepAtCrash, a.step()};
    }

    /**
     * The learner reports every drift check on the metrics topic (a {@code DriftReport}), the one
     * alarm of a changed stream among them, and with {@code continual.refresh-on-drift} says it
     * refreshed CaSSLe's anchor.
     */
    @Test
    void driftChecksGoToTheMetricsTopicWithTheAlarm() throws Exception {
        JobSettings drifting = settings("simclr", TrainingLoopTest.DRIFT_REFRESHES_CASSLE);
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(drifting));
        h.open();
        for (DecodedImage image : TrainingLoopTest.images(0, 256, false)) {
            h.processElement(new StreamRecord<>(image));
        }
        for (DecodedImage image : TrainingLoopTest.images(256, 352, true)) {
            h.processElement(new StreamRecord<>(image));
        }
        List<DriftReport> reports = new LearnerProbe(h).driftReports();
        assertThat(reports).hasSizeGreaterThanOrEqualTo(6);
        assertThat(reports).filteredOn(DriftReport::getDrifted).hasSize(1);
        DriftReport alarm = reports.stream().filter(DriftReport::getDrifted).findFirst().get();
        assertThat(alarm.getImages()).isGreaterThan(256).isLessThanOrEqualTo(352);
        assertThat(alarm.getStatistic()).isGreaterThan(alarm.getThreshold());
        assertThat(alarm.getAnchorRefreshed()).isTrue();
        assertThat(alarm.getAlarms()).isEqualTo(1);
        assertThat(alarm.getWindow()).isEqualTo(32);
        assertThat(alarm.getMethod()).isEqualTo("simclr");
        h.close();
    }

    private static void feed(
            OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(new StreamRecord<>(image(i)));
        }
    }

    @Test
    void sampleModeTrainsOnItsOwnThreadAndAccountsForEveryImageAcrossACheckpoint()
            throws Exception {
        JobSettings sample =
                settings(
                        "simclr",
                        Map.of("learner.mode", "sample", "learner.sample.max-pending", "32"));
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(sample));
        h.open();
        LearnerProbe probe = new LearnerProbe(h);
        int offered = 400;
        // handed over at once: the trainer (a step takes tens of milliseconds) cannot keep up
        for (int i = 0; i < offered; i++) {
            h.processElement(new StreamRecord<>(image(i)));
        }
        // the trainer takes every full batch that is left, at least the last 32 images'
        long deadline = System.currentTimeMillis() + 60_000;
        LearnerProbe.Checkpoint checkpoint = probe.checkpoint();
        while ((checkpoint.waiting().size() >= BATCH
                        || checkpoint.entry().imagesTrained() < 2 * BATCH)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            h.setProcessingTime(System.currentTimeMillis());
            checkpoint = probe.checkpoint();
        }
        // read together, under the model lock: a batch the trainer holds is in none of the three
        long[] account = checkpoint.imageAccount(sample);
        long trained = account[0];
        long skipped = account[1];
        long waiting = account[2];
        assertThat(trained).isGreaterThanOrEqualTo(2 * BATCH);
        assertThat(skipped).isPositive();
        // every image offered was trained on, skipped, or is still waiting; none twice
        assertThat(trained + skipped + waiting).isEqualTo(offered);
        h.close();

        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> restored =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(sample));
        restored.initializeState(checkpoint.state());
        restored.open();
        long[] after = new LearnerProbe(restored).checkpoint().imageAccount(sample);
        assertThat(after[1]).isGreaterThanOrEqualTo(skipped);
        assertThat(after[0] + after[1] + after[2]).isGreaterThanOrEqualTo(offered);
        restored.close();
    }

    @Test
    void aDivergingLearnerDropsNonFiniteStepsAndGoesBackToItsLastGoodState() throws Exception {
        // AdamW moves every weight by about the rate per step: at 10³⁰ the network overflows
        JobSettings diverging =
                settings(
                        "simclr",
                        Map.of(
                                "optimizer.kind", "adamw",
                                "optimizer.learning-rate", "1e30",
                                "optimizer.warmup-steps", "0",
                                "learner.max-non-finite-steps", "2"));
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(diverging));
        h.open();
        for (int i = 0; i < 12 * BATCH; i++) {
            h.processElement(new StreamRecord<>(image(i)));
        }
        // no exception reached the task: the learner went on, and its last report says so
        TrainingMetrics last = new LearnerProbe(h).lastMetrics();
        assertThat(last.getNonFiniteSteps()).isPositive();
        assertThat(last.getRestoresToLastGoodState()).isPositive();
        h.close();
    }

    @Test
    void aHealthyLearnerReportsNoCollapseAlarmAfterItsWarmUp() throws Exception {
        JobSettings noWarmUp = settings("simclr", Map.of("optimizer.warmup-steps", "0"));
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(noWarmUp));
        h.open();
        feed(h, 0, 4 * BATCH);
        TrainingMetrics last = new LearnerProbe(h).lastMetrics();
        assertThat(last.getStep()).isEqualTo(4);
        // the indicators were measured and are above every threshold: no alarm
        assertThat(last.getEmbeddingStd()).isGreaterThan(CollapseAlarms.MIN_EMBEDDING_STD);
        assertThat(last.getAlarms()).isEmpty();
        h.close();
    }

    @Test
    void refusesACheckpointOfAnotherMethodInputShapeOrStrategyWithoutRestarting() throws Exception {
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings()));
        h.open();
        for (int i = 0; i < BATCH; i++) {
            h.processElement(new StreamRecord<>(image(i)));
        }
        OperatorSubtaskState checkpoint = h.snapshot(1L, 1L);
        h.close();

        Map<JobSettings, String> incompatible =
                Map.of(
                        settings("moco"), "learner.method=simclr",
                        settings("simclr", Map.of("input.image-size", "24")), "input.image-size=16",
                        settings("simclr", Map.of("continual.strategy", "cassle")),
                                "continual.strategy=none");
        for (Map.Entry<JobSettings, String> e : incompatible.entrySet()) {
            OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> restored =
                    new OneInputStreamOperatorTestHarness<>(new LearnerOperator(e.getKey()));
            restored.initializeState(checkpoint);
            assertThatThrownBy(restored::open)
                    .isInstanceOf(SuppressRestartsException.class)
                    .satisfies(
                            t ->
                                    assertThat(t.getCause())
                                            .hasMessageContaining(e.getValue())
                                            .hasMessageContaining(
                                                    "but the job is configured with"));
        }
    }

    @Test
    void trainsTheLastPartialBatchAtEndOfInput() throws Exception {
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings()));
        h.open();
        for (int i = 0; i < BATCH + 5; i++) {
            h.processElement(new StreamRecord<>(image(i)));
        }
        h.endInput();
        h.getOneInputOperator().finish();
        assertThat(last(h).version).isEqualTo(2);
        assertThat(new LearnerProbe(h).lastMetrics().getImagesTrained()).isEqualTo(BATCH + 5);
        h.close();
    }

    @Test
    void publishesInitialWeightsAtOnceAndSkipsTestImages() throws Exception {
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings()));
        h.open();
        for (int i = 0; i < BATCH; i++) {
            DecodedImage test = image(i);
            test.tags.put("split", "test");
            h.processElement(new StreamRecord<>(test));
        }
        List<ModelSnapshot> snapshots = snapshots(h);
        assertThat(snapshots).extracting(s -> s.version).containsExactly(0L);
        assertThat(h.getSideOutput(LearnerOperator.METRICS)).isNullOrEmpty();
        h.close();
    }

    private static List<ModelSnapshot> snapshots(
            OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h) {
        List<ModelSnapshot> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof ModelSnapshot s) {
                out.add(s);
            }
        }
        return out;
    }

    private static ModelSnapshot last(
            OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h) {
        List<ModelSnapshot> all = snapshots(h);
        return all.get(all.size() - 1);
    }
}
