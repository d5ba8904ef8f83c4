package dev.streamssl.consumers.report;

import dev.streamssl.schemas.EmbeddingRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The embeddings on their first two principal axes (PCA), coloured by label, or by cluster when no
 * image has a label: classes the encoder tells apart form separate clouds.
 */
final class ProjectionFigure {
    /** At most this many embeddings are projected, to keep the scatter readable. */
    private static final int PROJECTED = 3000;

    private ProjectionFigure() {}

    static RunReport.Figure of(List<EmbeddingRecord> embeddings, long version) throws IOException {
        List<EmbeddingRecord> shown = embeddings.subList(0, Math.min(PROJECTED, embeddings.size()));
        double[][] xy = Pca.project2d(EmbeddingFields.vectors(shown));
        Map<String, List<double[]>> groups = new TreeMap<>();
        boolean byLabel = shown.stream().anyMatch(e -> e.getLabel() != null);
        for (int i = 0; i < shown.size(); i++) {
            EmbeddingRecord e = shown.get(i);
            String group =
                    byLabel
                            ? (e.getLabel() == null
                                    ? "no label"
                                    : "label " + EmbeddingFields.label(e))
                            : (e.getCluster() == null ? "all" : "cluster " + e.getCluster());
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(xy[i]);
        }
        return new RunReport.Figure(
                "projection",
                "2-D projection of the embeddings",
                String.format(
                        "%d embeddings of model version %d on their first two principal axes,"
                                + " coloured by %s. Classes the encoder tells apart form"
                                + " separate clouds.",
                        shown.size(), version, byLabel ? "label" : "cluster"),
                Charts.scatter("Embeddings, PCA", groups));
    }
}
