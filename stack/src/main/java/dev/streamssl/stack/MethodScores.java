package dev.streamssl.stack;

import dev.streamssl.consumers.eval.KnnEvaluation;
import dev.streamssl.consumers.eval.LinearEvaluation;
import dev.streamssl.eval.LinearProbe;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.TrainingMetrics;
import java.util.List;

/**
 * One method's result in the demo: its learner's last report, kNN top-1 of the untrained encoder,
 * the job's live kNN (null when none was reported), and the final model's scores on the eval
 * embeddings: weighted kNN top-1, the linear probe's top-1 (and its seconds), and the cluster
 * scores (null for a method without clusters).
 */
record MethodScores(
        String method,
        TrainingMetrics last,
        double untrained,
        KnnReport live,
        KnnEvaluation.Result knn,
        double linear,
        double probeSeconds,
        ClusterScores clusters) {

    /** Scores the embeddings of the model version the learner's last report published. */
    static MethodScores score(
            String method,
            TrainingMetrics last,
            double untrained,
            KnnReport live,
            List<EmbeddingRecord> eval,
            int k,
            double temperature) {
        KnnEvaluation.Result knn =
                KnnEvaluation.evaluate(
                        eval, method, last.getPublishedModelVersion(), k, temperature);
        long probeStart = System.nanoTime();
        double linear =
                LinearEvaluation.evaluate(
                                eval, method, knn.modelVersion(), LinearProbe.Settings.defaults())
                        .top1();
        double probeSeconds = (System.nanoTime() - probeStart) / 1e9;
        return new MethodScores(
                method,
                last,
                untrained,
                live,
                knn,
                linear,
                probeSeconds,
                ClusterScores.of(eval, method, knn.modelVersion()));
    }
}
