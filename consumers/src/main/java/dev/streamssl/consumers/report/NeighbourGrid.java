package dev.streamssl.consumers.report;

import dev.streamssl.eval.CosineTopK;
import dev.streamssl.schemas.EmbeddingRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nearest neighbours: a few query images (held-out test images first), each followed by its most
 * similar embeddings (cosine) among the rest, framed green when the label matches the query's and
 * red when it does not.
 */
final class NeighbourGrid {
    private static final int QUERIES = 6;
    private static final int NEIGHBOURS = 8;

    private NeighbourGrid() {}

    /**
     * The grid of one model version's embeddings; null when there is no image besides the queries.
     */
    static PictureFigure of(List<EmbeddingRecord> embeddings, long version) {
        List<EmbeddingRecord> queries = new ArrayList<>();
        for (EmbeddingRecord e : embeddings) {
            if ("test".equals(e.getTags().get("split")) && queries.size() < QUERIES) {
                queries.add(e);
            }
        }
        for (EmbeddingRecord e : embeddings) {
            if (queries.size() >= QUERIES) {
                break;
            }
            if (!queries.contains(e)) {
                queries.add(e);
            }
        }
        Set<String> queryIds = new HashSet<>();
        queries.forEach(q -> queryIds.add(q.getId()));
        List<EmbeddingRecord> bank = new ArrayList<>();
        for (EmbeddingRecord e : embeddings) {
            if (!queryIds.contains(e.getId())) {
                bank.add(e);
            }
        }
        if (bank.isEmpty()) {
            return null;
        }
        CosineTopK.Neighbours[] found =
                new CosineTopK(EmbeddingFields.vectors(bank))
                        .search(EmbeddingFields.vectors(queries), NEIGHBOURS);
        Set<String> wanted = new HashSet<>(queryIds);
        for (CosineTopK.Neighbours n : found) {
            for (int i : n.index()) {
                wanted.add(bank.get(i).getId());
            }
        }
        return new PictureFigure(wanted, pictures -> draw(queries, bank, found, version, pictures));
    }

    private static RunReport.Figure draw(
            List<EmbeddingRecord> queries,
            List<EmbeddingRecord> bank,
            CosineTopK.Neighbours[] found,
            long version,
            Map<String, BufferedImage> pictures)
            throws IOException {
        List<ImageGrids.Row> rows = new ArrayList<>();
        int agree = 0;
        int shown = 0;
        for (int q = 0; q < queries.size(); q++) {
            EmbeddingRecord query = queries.get(q);
            List<ImageGrids.Cell> cells = new ArrayList<>();
            cells.add(
                    new ImageGrids.Cell(
                            PictureFigure.picture(pictures, query.getId()),
                            "query " + EmbeddingFields.label(query),
                            null));
            for (int j = 0; j < found[q].index().length; j++) {
                EmbeddingRecord n = bank.get(found[q].index()[j]);
                Boolean match =
                        query.getLabel() == null || n.getLabel() == null
                                ? null
                                : query.getLabel().equals(n.getLabel());
                if (match != null) {
                    shown++;
                    agree += match ? 1 : 0;
                }
                cells.add(
                        new ImageGrids.Cell(
                                PictureFigure.picture(pictures, n.getId()),
                                EmbeddingFields.label(n)
                                        + String.format(" %.2f", found[q].similarity()[j]),
                                match));
            }
            rows.add(new ImageGrids.Row(PictureFigure.shorten(query.getId()), cells));
        }
        String agreement =
                shown == 0
                        ? ""
                        : String.format(
                                " %d of the %d neighbours shown have the query's label.",
                                agree, shown);
        return new RunReport.Figure(
                "neighbours",
                "Nearest neighbours",
                "Each row: a query image (held-out test images first), then its "
                        + NEIGHBOURS
                        + " most similar images (cosine, model version "
                        + version
                        + ") with label and similarity; green frame: same label as the query,"
                        + " red: another."
                        + agreement,
                ImageGrids.grid(rows));
    }
}
