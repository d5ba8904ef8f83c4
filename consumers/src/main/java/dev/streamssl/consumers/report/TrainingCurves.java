package dev.streamssl.consumers.report;

import dev.streamssl.schemas.TrainingMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learner's curves over its steps, one line per method: the loss, the learning rate, the EMA
 * teacher's momentum (methods with a teacher), and the collapse indicators: the embedding std,
 * DINO's teacher entropy and the cluster entropy (where the method reports them).
 */
final class TrainingCurves {
    private TrainingCurves() {}

    /** One value of a report; NaN where the report has none. */
    private interface Value {
        double of(TrainingMetrics m);
    }

    /** The curves the reports have data for; none without reports. */
    static List<RunReport.Figure> of(List<TrainingMetrics> metrics) throws IOException {
        List<RunReport.Figure> out = new ArrayList<>();
        if (metrics.isEmpty()) {
            return out;
        }
        out.add(
                curve(
                        metrics,
                        "loss",
                        "Training loss",
                        "loss",
                        TrainingMetrics::getLoss,
                        "The method's loss on each reported batch. Its level depends on the method"
                                + " (InfoNCE starts near ln of the number of negatives); what matters"
                                + " is that it falls and does not go flat at once."));
        out.add(
                curve(
                        metrics,
                        "learning-rate",
                        "Learning rate",
                        "rate",
                        TrainingMetrics::getLearningRate,
                        "The schedule: linear warm-up, then constant on a stream or a cosine over a"
                                + " budget."));
        if (metrics.stream().anyMatch(m -> m.getMomentum() != null)) {
            out.add(
                    curve(
                            metrics,
                            "momentum",
                            "Teacher EMA momentum",
                            "momentum",
                            m -> m.getMomentum() == null ? Double.NaN : m.getMomentum(),
                            "The momentum of the EMA teacher (MoCo's key encoder, BYOL's target,"
                                    + " DINO's teacher)."));
        }
        out.add(
                curve(
                        metrics,
                        "embedding-std",
                        "Collapse indicator: embedding std",
                        "std",
                        m -> m.getEmbeddingStd() == null ? Double.NaN : m.getEmbeddingStd(),
                        "Mean per-dimension std of the L2-normalised batch representations: about"
                                + " 1/√D when they spread over the sphere, 0 when every image maps to"
                                + " one point (the embedding-std alarm fires below 0.005)."));
        if (metrics.stream().anyMatch(m -> m.getTeacherEntropy() != null)) {
            out.add(
                    curve(
                            metrics,
                            "teacher-entropy",
                            "Collapse indicator: DINO teacher entropy",
                            "nats",
                            m -> m.getTeacherEntropy() == null ? Double.NaN : m.getTeacherEntropy(),
                            "ln K when the teacher is uniform (collapse by centring), 0 when one-hot"
                                    + " (collapse by sharpening); healthy training stays between."));
        }
        if (metrics.stream().anyMatch(m -> m.getClusterEntropy() != null)) {
            out.add(
                    curve(
                            metrics,
                            "cluster-entropy",
                            "Collapse indicator: cluster entropy",
                            "bits",
                            m -> m.getClusterEntropy() == null ? Double.NaN : m.getClusterEntropy(),
                            "Entropy of the batch's cluster sizes: log2 K when balanced, below 1 bit"
                                    + " when most images fall in one or two clusters."));
        }
        return out;
    }

    private static RunReport.Figure curve(
            List<TrainingMetrics> metrics,
            String id,
            String title,
            String yLabel,
            Value value,
            String caption)
            throws IOException {
        // one line per method when several learn side by side (learner.methods)
        Map<String, List<double[]>> perMethod = new TreeMap<>();
        for (TrainingMetrics m : metrics) {
            perMethod
                    .computeIfAbsent(m.getMethod(), k -> new ArrayList<>())
                    .add(new double[] {m.getStep(), value.of(m)});
        }
        List<Charts.Series> series = new ArrayList<>();
        perMethod.forEach(
                (method, points) ->
                        series.add(
                                new Charts.Series(
                                        perMethod.size() == 1 ? yLabel : method, points)));
        return new RunReport.Figure(
                id, title, caption, Charts.lines(title, "step", yLabel, series));
    }
}
