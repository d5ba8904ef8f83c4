package dev.streamssl.consumers.report;

import dev.streamssl.schemas.KnnReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's live kNN top-1 over model versions, a line per method and embedder subtask (with
 * several methods, their comparison), and each method's newest score in the caption.
 */
final class LiveKnnFigure {
    private LiveKnnFigure() {}

    /**
     * @param knn the reports, sorted by model version; at least one
     */
    static RunReport.Figure of(List<KnnReport> knn) throws IOException {
        Map<String, List<double[]>> lines = new TreeMap<>();
        Map<String, KnnReport> newest = new TreeMap<>();
        for (KnnReport r : knn) {
            lines.computeIfAbsent(
                            r.getMethod() + " · embedder " + r.getEmbedderSubtask(),
                            s -> new ArrayList<>())
                    .add(new double[] {r.getModelVersion(), r.getTop1()});
            newest.put(r.getMethod(), r); // sorted by version: the last is the newest
        }
        List<Charts.Series> series = new ArrayList<>();
        lines.forEach((name, points) -> series.add(new Charts.Series(name, points)));
        KnnReport last = knn.get(knn.size() - 1);
        StringBuilder scores = new StringBuilder();
        newest.forEach(
                (method, r) ->
                        scores.append(
                                String.format(
                                        " %s %.4f at version %d.",
                                        method, r.getTop1(), r.getModelVersion())));
        return new RunReport.Figure(
                "live-knn",
                "Live kNN top-1",
                String.format(
                        "Scored in the job by each embedder whenever a new model version arrived:"
                                + " its %d labelled test images against its bank of %d,"
                                + " k = %d, T = %s. Newest:%s",
                        last.getTestSize(),
                        last.getBankSize(),
                        last.getK(),
                        last.getTemperature(),
                        scores),
                Charts.lines("Live kNN top-1", "model version", "top-1", series));
    }
}
