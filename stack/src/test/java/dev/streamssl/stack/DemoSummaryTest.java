package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.consumers.eval.KnnEvaluation;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.TrainingMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's summary JSON fields: the run's counts, the first method's figures at the top level,
 * every method's under {@code methods} only when there are several, the live kNN and cluster fields
 * only where there are some, figures to four decimals.
 */
class DemoSummaryTest {
    @Test
    void oneMethodHasItsFiguresAtTheTopLevelAndNoMethodsField() {
        Map<String, Object> summary =
                DemoSummary.of(results(List.of(scores("simclr", 0.71234, null, null))));
        assertThat(summary.keySet())
                .containsExactly(
                        "images_published",
                        "embeddings_received",
                        "dead_letters",
                        "knn_top1_pixels",
                        "dataset",
                        "method",
                        "steps",
                        "images_per_second",
                        "knn_top1_trained",
                        "knn_top1_untrained",
                        "linear_top1",
                        "model_version",
                        "bank_size",
                        "test_size",
                        "eval_left_out_other_versions",
                        "final_loss",
                        "wall_seconds");
        assertThat(summary)
                .containsEntry("method", "simclr")
                .containsEntry("knn_top1_trained", 0.7123)
                .containsEntry("images_per_second", 25.6)
                .containsEntry("knn_top1_pixels", 0.6667)
                .containsEntry("model_version", 40L);
    }

    @Test
    void severalMethodsEachHaveTheirsUnderMethodsAndTheFirstsOnTop() {
        KnnReport live =
                KnnReport.newBuilder()
                        .setTimestampMs(0)
                        .setMethod("swav")
                        .setModelVersion(38)
                        .setEmbedderSubtask(0)
                        .setTop1(0.65555)
                        .setBankSize(200)
                        .setTestSize(60)
                        .setK(20)
                        .setTemperature(0.07)
                        .build();
        Map<String, Object> summary =
                DemoSummary.of(
                        results(
                                List.of(
                                        scores("simclr", 0.7, null, null),
                                        scores(
                                                "swav",
                                                0.6,
                                                live,
                                                new ClusterScores(0.512345, 6.02, 300)))));
        assertThat(summary).containsEntry("method", "simclr").doesNotContainKey("nmi");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> methods =
                (Map<String, Map<String, Object>>) summary.get("methods");
        assertThat(methods.keySet()).containsExactly("simclr", "swav");
        assertThat(methods.get("swav"))
                .containsEntry("live_knn_top1", 0.6556)
                .containsEntry("live_knn_model_version", 38L)
                .containsEntry("nmi", 0.5123)
                .containsEntry("cluster_entropy_bits", 6.02);
        assertThat(methods.get("simclr")).doesNotContainKeys("live_knn_top1", "nmi");
    }

    @Test
    void learnersTrainOnFullBatchesOnly() {
        // one learner: the images that fill whole batches
        assertThat(FinalSnapshots.expectedImages(1, 256, 1000)).isEqualTo(768);
        // several: each may keep up to a batch less one of its partitions' images
        assertThat(FinalSnapshots.expectedImages(2, 256, 1000)).isEqualTo(1000 - 2 * 255);
    }

    private static DemoResults results(List<MethodScores> methods) {
        return new DemoResults("synthetic", 912, 1824, 0, 2.0 / 3, methods, 20.0, 50.0);
    }

    private static MethodScores scores(
            String method, double top1, KnnReport live, ClusterScores clusters) {
        TrainingMetrics last =
                TrainingMetrics.newBuilder()
                        .setTimestampMs(0)
                        .setMethod(method)
                        .setStep(40)
                        .setLoss(3.21)
                        .setLearningRate(0.1)
                        .setImagesPerSecond(25)
                        .setImagesTrained(512)
                        .setPublishedModelVersion(40)
                        .build();
        KnnEvaluation.Result knn =
                new KnnEvaluation.Result(method, 40, 200, 100, 0, top1, List.of());
        return new MethodScores(method, last, 0.77, live, knn, 0.94, 0.2, clusters);
    }
}
