package dev.streamssl.consumers.report;

import dev.streamssl.schemas.EmbeddingRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The largest clusters with a few of their images each, and their labels (clustering methods only):
 * a cluster that holds one kind of image is what the method learnt.
 */
final class ClusterGallery {
    private static final int CLUSTERS = 8;
    private static final int IMAGES_PER_CLUSTER = 8;

    private ClusterGallery() {}

    /** The gallery of one model version's embeddings; null when none carries a cluster. */
    static PictureFigure of(List<EmbeddingRecord> embeddings, long version) {
        Map<Integer, List<EmbeddingRecord>> members = new HashMap<>();
        for (EmbeddingRecord e : embeddings) {
            if (e.getCluster() != null) {
                members.computeIfAbsent(e.getCluster(), c -> new ArrayList<>()).add(e);
            }
        }
        if (members.isEmpty()) {
            return null;
        }
        List<Map.Entry<Integer, List<EmbeddingRecord>>> sorted =
                new ArrayList<>(members.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
        List<Map.Entry<Integer, List<EmbeddingRecord>>> largest =
                sorted.subList(0, Math.min(CLUSTERS, sorted.size()));
        Set<String> wanted = new HashSet<>();
        for (var c : largest) {
            c.getValue().stream().limit(IMAGES_PER_CLUSTER).forEach(e -> wanted.add(e.getId()));
        }
        return new PictureFigure(wanted, pictures -> draw(largest, version, pictures));
    }

    private static RunReport.Figure draw(
            List<Map.Entry<Integer, List<EmbeddingRecord>>> largest,
            long version,
            Map<String, BufferedImage> pictures)
            throws IOException {
        List<ImageGrids.Row> rows = new ArrayList<>();
        for (var c : largest) {
            List<ImageGrids.Cell> cells = new ArrayList<>();
            c.getValue().stream()
                    .limit(IMAGES_PER_CLUSTER)
                    .forEach(
                            e ->
                                    cells.add(
                                            new ImageGrids.Cell(
                                                    PictureFigure.picture(pictures, e.getId()),
                                                    EmbeddingFields.label(e),
                                                    null)));
            rows.add(
                    new ImageGrids.Row(
                            "cluster " + c.getKey() + " (" + c.getValue().size() + ")", cells));
        }
        return new RunReport.Figure(
                "clusters",
                "Cluster gallery",
                "The "
                        + largest.size()
                        + " largest clusters of model version "
                        + version
                        + " (size in brackets) with images assigned to them and their labels:"
                        + " a cluster that holds one kind of image is what the method learnt.",
                ImageGrids.grid(rows));
    }
}
