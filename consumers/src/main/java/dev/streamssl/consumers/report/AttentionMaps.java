package dev.streamssl.consumers.report;

import dev.streamssl.schemas.AttentionReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ViT's [CLS] attention maps of held-out images, under the newest version reported: the picture,
 * the last block's attention over the patch grid (averaged over heads), and both laid over each
 * other. DINO (Caron et al. 2021) found that these maps outline the object without labels.
 */
final class AttentionMaps {
    private AttentionMaps() {}

    /**
     * @param attention the reports; at least one
     */
    static PictureFigure of(List<AttentionReport> attention) {
        long newest =
                attention.stream().mapToLong(AttentionReport::getModelVersion).max().orElse(-1);
        Map<String, AttentionReport> byImage = new LinkedHashMap<>();
        for (AttentionReport a : attention) {
            if (a.getModelVersion() == newest) {
                byImage.putIfAbsent(a.getImageId(), a);
            }
        }
        return new PictureFigure(byImage.keySet(), pictures -> draw(byImage, newest, pictures));
    }

    private static RunReport.Figure draw(
            Map<String, AttentionReport> byImage, long newest, Map<String, BufferedImage> pictures)
            throws IOException {
        List<ImageGrids.Row> rows = new ArrayList<>();
        for (AttentionReport a : byImage.values()) {
            BufferedImage picture = PictureFigure.picture(pictures, a.getImageId());
            String label = a.getLabel() == null ? "?" : String.valueOf(a.getLabel());
            rows.add(
                    new ImageGrids.Row(
                            PictureFigure.shorten(a.getImageId()),
                            List.of(
                                    new ImageGrids.Cell(picture, "label " + label, null),
                                    new ImageGrids.Cell(
                                            ImageGrids.heatMap(a.getWeights(), a.getGrid()),
                                            a.getGrid() + "×" + a.getGrid(),
                                            null),
                                    new ImageGrids.Cell(
                                            ImageGrids.overlay(
                                                    picture, a.getWeights(), a.getGrid()),
                                            "overlay",
                                            null))));
        }
        return new RunReport.Figure(
                "attention",
                "ViT self-attention of the [CLS] token",
                "For held-out images: the picture, the last block's attention of the [CLS]"
                        + " token over the patch grid (averaged over heads; yellow: most"
                        + " attended), and both laid over each other, at model version "
                        + newest
                        + ". DINO found that these maps outline the object without labels once"
                        + " the ViT has trained long enough.",
                ImageGrids.grid(rows));
    }
}
