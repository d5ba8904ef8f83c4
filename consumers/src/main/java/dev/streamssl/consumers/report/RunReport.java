package dev.streamssl.consumers.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures of a run's report, drawn from its {@link RunData}: the training curves, the live kNN,
 * a nearest-neighbour grid, a 2-D PCA projection and, for the clustering methods, a gallery per
 * cluster, and for a ViT its attention maps. Each figure is a class of its own; the figures that
 * show images share one read of the images topic.
 */
public final class RunReport {
    /** One figure: an id for the page, a title, a caption that says how to read it, the PNG. */
    public record Figure(String id, String title, String caption, byte[] png) {}

    private final RunData data;

    public RunReport(RunData data) {
        this.data = data;
    }

    /** Every figure the run has data for, in the page's order. */
    public List<Figure> figures() throws IOException {
        List<Figure> out = new ArrayList<>(TrainingCurves.of(data.metrics()));
        if (!data.knnReports().isEmpty()) {
            out.add(LiveKnnFigure.of(data.knnReports()));
        }
        if (!data.driftReports().isEmpty()) {
            out.add(DriftFigure.of(data.driftReports()));
        }
        PictureFigure neighbours = NeighbourGrid.of(data.embeddings(), data.modelVersion());
        PictureFigure gallery = ClusterGallery.of(data.embeddings(), data.modelVersion());
        PictureFigure attention =
                data.attention().isEmpty() ? null : AttentionMaps.of(data.attention());
        Map<String, BufferedImage> pictures = pictures(neighbours, gallery, attention);
        if (neighbours != null) {
            out.add(neighbours.draw().apply(pictures));
        }
        out.add(ProjectionFigure.of(data.embeddings(), data.modelVersion()));
        if (gallery != null) {
            out.add(gallery.draw().apply(pictures));
        }
        if (attention != null) {
            out.add(attention.draw().apply(pictures));
        }
        return out;
    }

    /** The pictures every figure that shows images needs, read at once; null figures need none. */
    private Map<String, BufferedImage> pictures(PictureFigure... figures) {
        Set<String> ids = new HashSet<>();
        for (PictureFigure f : figures) {
            if (f != null) {
                ids.addAll(f.ids());
            }
        }
        return ids.isEmpty() ? Map.of() : data.pictures(ids);
    }
}
