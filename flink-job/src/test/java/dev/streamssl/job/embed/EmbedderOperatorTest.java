package dev.streamssl.job.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.eval.KnnClassifier;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.learn.LearnerOperatorTest;
import dev.streamssl.job.priority.EmbeddingLag;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.WireCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The embedder under Flink's test harness. */
class EmbedderOperatorTest {

    @Test
    void postsHowOldTheImagesItEmbeddedWereForALearnerOnItsMachine() throws Exception {
        JobSettings settings = LearnerOperatorTest.settings();
        try (var harness = harness(settings)) {
            harness.open();
            long written = System.currentTimeMillis() - 90_000;
            // the Kafka record's time travels as the stream record's timestamp
            harness.processElement1(new StreamRecord<>(LearnerOperatorTest.image(0), written));
            harness.processElement1(
                    new StreamRecord<>(LearnerOperatorTest.image(1), written + 60_000));
            assertThat(EmbeddingLag.largest("", System.nanoTime())).isLessThan(90_000);
            harness.setProcessingTime(1_000);
            long lag = EmbeddingLag.largest("", System.nanoTime());
            // the oldest image of the micro-batch counts: 90 s, give or take the test's own time
            assertThat(lag).isBetween(90_000L, 100_000L);
        }
        assertThat(EmbeddingLag.largest("", System.nanoTime())).as("removed on close").isZero();
    }

    @Test
    void embedsAtOnceWithTheLearnersInitialWeightsThenFollowsNewerSnapshotsAcrossARestore()
            throws Exception {
        JobSettings settings = LearnerOperatorTest.settings();
        TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord> first =
                harness(settings);
        first.open();
        for (int i = 0; i < 3; i++) {
            first.processElement1(new StreamRecord<>(LearnerOperatorTest.image(i)));
        }
        // no snapshot has arrived: the embedder's own version 0 embeds at the next flush
        first.setProcessingTime(1_000);
        List<EmbeddingRecord> initial = embeddings(first);
        assertThat(initial)
                .extracting(EmbeddingRecord::getId)
                .containsExactly("img-0", "img-1", "img-2");
        assertThat(initial).allSatisfy(e -> assertThat(e.getModelVersion()).isZero());
        // ... and its version 0 is the learner's: the same vectors as from the learner's snapshot
        try (var check = harness(settings)) {
            check.open();
            check.processElement2(new StreamRecord<>(snapshot(settings, 0, 0)));
            for (int i = 0; i < 3; i++) {
                check.processElement1(new StreamRecord<>(LearnerOperatorTest.image(i)));
            }
            check.setProcessingTime(1_000);
            // the same batch of images, so the same kernels: bit for bit
            assertThat(embeddings(check).get(0).getVector()).isEqualTo(initial.get(0).getVector());
        }

        // a newer snapshot with other weights (the learner after some steps) takes over, and is
        // what a restored embedder starts with
        first.processElement2(new StreamRecord<>(snapshot(settings, 5, 3)));
        first.processElement1(new StreamRecord<>(LearnerOperatorTest.image(0)));
        first.setProcessingTime(1_500);
        OperatorSubtaskState checkpoint = first.snapshot(1L, 2_000L);
        List<EmbeddingRecord> beforeRestore = embeddings(first);
        first.close();
        EmbeddingRecord again = beforeRestore.get(beforeRestore.size() - 1);
        assertThat(again.getModelVersion()).isEqualTo(5);
        assertThat(again.getVector()).isNotEqualTo(initial.get(0).getVector());

        TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord> restored =
                harness(settings);
        restored.initializeState(checkpoint);
        restored.open();
        restored.processElement1(new StreamRecord<>(LearnerOperatorTest.image(0)));
        restored.setProcessingTime(3_000);
        restored.processElement1(new StreamRecord<>(LearnerOperatorTest.image(7)));
        restored.setProcessingTime(4_000);
        List<EmbeddingRecord> after = embeddings(restored);
        assertThat(after).hasSize(2);
        assertThat(after).allSatisfy(e -> assertThat(e.getModelVersion()).isEqualTo(5));
        // one image per flush, as before the checkpoint: the restored weights give the same vector
        assertThat(after.get(0).getVector()).isEqualTo(again.getVector());
        assertThat(after.get(1).getId()).isEqualTo("img-7");
        assertThat(after.get(1).getLabel()).isEqualTo(7);
        restored.close();
    }

    @Test
    void liveKnnScoresEachNewVersionOnceAndEqualsTheOfflineKnnOfTheSameVectors() throws Exception {
        JobSettings settings =
                LearnerOperatorTest.settings(
                        "simclr",
                        java.util.Map.of(
                                "embedder.live-knn.bank-size", "40",
                                "embedder.live-knn.test-size", "64",
                                "embedder.live-knn.interval", "0 ms"));
        try (var h = harness(settings)) {
            h.open();
            List<DecodedImage> bank = tagged(0, 40, "train");
            List<DecodedImage> test = tagged(1000, 12, "test");
            for (DecodedImage image : bank) {
                h.processElement1(new StreamRecord<>(image));
            }
            h.setProcessingTime(300); // one flush of the bank; no test image yet: no score
            assertThat(reports(h)).isEmpty();
            for (DecodedImage image : test) {
                h.processElement1(new StreamRecord<>(image));
            }
            h.setProcessingTime(600);
            List<KnnReport> reports = reports(h);
            assertThat(reports).hasSize(1);
            KnnReport first = reports.get(0);
            assertThat(first.getModelVersion()).isZero();
            assertThat(first.getBankSize()).isEqualTo(40);
            assertThat(first.getTestSize()).isEqualTo(12);

            // offline, as eval knn scores the embeddings topic: the vectors the embedder emitted
            List<EmbeddingRecord> emitted = embeddings(h);
            float[][] bankVectors = vectors(emitted.subList(0, 40));
            float[][] testVectors = vectors(emitted.subList(40, 52));
            int[] bankLabels = bank.stream().mapToInt(i -> i.label).toArray();
            int[] testLabels = test.stream().mapToInt(i -> i.label).toArray();
            double offline =
                    new KnnClassifier(bankVectors, bankLabels)
                            .accuracy(testVectors, testLabels, 20, 0.07);
            assertThat(first.getTop1()).isEqualTo(offline);

            h.setProcessingTime(900); // the same version: not scored again
            assertThat(reports(h)).hasSize(1);
            h.processElement2(new StreamRecord<>(snapshot(settings, 5, 3)));
            h.setProcessingTime(1_200); // a newer version: bank and test embedded again by it
            reports = reports(h);
            assertThat(reports).hasSize(2);
            assertThat(reports.get(1).getModelVersion()).isEqualTo(5);
            assertThat(reports.get(1).getBankSize()).isEqualTo(40);
        }
    }

    private static List<DecodedImage> tagged(int from, int count, String split) {
        List<DecodedImage> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            DecodedImage image = LearnerOperatorTest.image(i);
            image.tags.put("split", split);
            out.add(image);
        }
        return out;
    }

    private static float[][] vectors(List<EmbeddingRecord> records) {
        float[][] out = new float[records.size()][];
        for (int i = 0; i < out.length; i++) {
            List<Float> v = records.get(i).getVector();
            out[i] = new float[v.size()];
            for (int d = 0; d < v.size(); d++) {
                out[i][d] = v.get(d);
            }
        }
        return out;
    }

    private static List<KnnReport> reports(
            TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord> h)
            throws Exception {
        List<KnnReport> out = new ArrayList<>();
        var side = h.getSideOutput(EmbedderOperator.LIVE_KNN);
        if (side != null) {
            for (StreamRecord<EncodedRecord> r : side) {
                out.add(WireCodec.knnReports().decode(r.getValue().value));
            }
        }
        return out;
    }

    /** A snapshot of the learner's weights after {@code steps} training steps. */
    private static ModelSnapshot snapshot(JobSettings settings, long version, int steps)
            throws Exception {
        try (SslMethod method = Methods.create(settings.learnerSettings())) {
            for (int i = 0; i < steps; i++) {
                List<byte[]> pixels = new ArrayList<>();
                for (int j = 0; j < 16; j++) {
                    pixels.add(LearnerOperatorTest.image(100 * i + j).pixels);
                }
                method.trainStep(ImageBatch.of(pixels, 1, 16, 16));
            }
            NamedTensorsSerializer serializer = new NamedTensorsSerializer();
            return new ModelSnapshot(
                    "simclr",
                    version,
                    serializer.version(),
                    serializer.serialize(method.evaluationWeights()));
        }
    }

    private static TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord>
            harness(JobSettings settings) throws Exception {
        return new TwoInputStreamOperatorTestHarness<>(new EmbedderOperator(settings));
    }

    private static List<EmbeddingRecord> embeddings(
            TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord> h)
            throws Exception {
        List<EmbeddingRecord> out = new ArrayList<>();
        WireCodec<EmbeddingRecord> codec = WireCodec.embeddings();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof EncodedRecord e) {
                out.add(codec.decode(e.value));
            }
        }
        return out;
    }
}
