package dev.streamssl.consumers.report;

import dev.streamssl.images.ImageFile;
import dev.streamssl.images.Pixels;
import dev.streamssl.images.Resize;
import dev.streamssl.images.UnreadableImageException;
import dev.streamssl.schemas.Encoding;
import dev.streamssl.schemas.ImageRecord;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Grids of images drawn with Java2D into PNG bytes: rows of thumbnails, each with its label under
 * it, and a coloured frame (green: same label as the row's first image, red: another).
 */
final class ImageGrids {
    private static final int CELL = 72;
    private static final int CAPTION = 16;
    private static final int ROW_TITLE = 110;

    private ImageGrids() {}

    /** One cell: an image, its caption, and whether to frame it as a match or a miss. */
    record Cell(BufferedImage image, String caption, Boolean match) {}

    /** One row with a title on its left. */
    record Row(String title, List<Cell> cells) {}

    static byte[] grid(List<Row> rows) throws IOException {
        int columns = rows.stream().mapToInt(r -> r.cells().size()).max().orElse(1);
        int width = ROW_TITLE + columns * (CELL + 6);
        int height = rows.size() * (CELL + CAPTION + 8) + 4;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int r = 0; r < rows.size(); r++) {
            int y = 4 + r * (CELL + CAPTION + 8);
            g.setColor(Color.DARK_GRAY);
            g.drawString(rows.get(r).title(), 4, y + CELL / 2);
            List<Cell> cells = rows.get(r).cells();
            for (int c = 0; c < cells.size(); c++) {
                Cell cell = cells.get(c);
                int x = ROW_TITLE + c * (CELL + 6);
                g.drawImage(cell.image(), x, y, CELL, CELL, null);
                if (cell.match() != null) {
                    g.setColor(cell.match() ? new Color(0, 150, 0) : new Color(200, 0, 0));
                    g.drawRect(x - 1, y - 1, CELL + 1, CELL + 1);
                    g.drawRect(x - 2, y - 2, CELL + 3, CELL + 3);
                }
                g.setColor(Color.BLACK);
                g.drawString(cell.caption(), x, y + CELL + CAPTION - 3);
            }
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(canvas, "png", out);
        return out.toByteArray();
    }

    /**
     * An attention map as a picture: each patch of the {@code grid}×{@code grid} map a square, from
     * black (no attention) through red to yellow (the most attended patch).
     */
    static BufferedImage heatMap(List<Float> weights, int grid) {
        BufferedImage map = new BufferedImage(grid, grid, BufferedImage.TYPE_INT_RGB);
        float max = 1e-12f;
        for (float w : weights) {
            max = Math.max(max, w);
        }
        for (int i = 0; i < grid * grid && i < weights.size(); i++) {
            float t = weights.get(i) / max;
            int r = Math.round(255 * Math.min(1f, 2 * t));
            int g = Math.round(255 * Math.max(0f, 2 * t - 1));
            map.setRGB(i % grid, i / grid, (r << 16) | (g << 8));
        }
        return map;
    }

    /** The picture with its attention map laid over it, half and half. */
    static BufferedImage overlay(BufferedImage picture, List<Float> weights, int grid) {
        int size = CELL;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(picture, 0, 0, size, size, null);
        g.setComposite(java.awt.AlphaComposite.getInstance(java.awt.AlphaComposite.SRC_OVER, 0.5f));
        g.drawImage(heatMap(weights, grid), 0, 0, size, size, null);
        g.dispose();
        return out;
    }

    /**
     * The picture of a published image record, or a grey square when it cannot be read. Files are
     * shown as the model sees them: upright, short side to the thumbnail's, centre-cropped.
     */
    static BufferedImage picture(ImageRecord record) {
        try {
            ByteBuffer data = record.getData().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            if (record.getEncoding() != Encoding.RAW_U8) {
                Pixels upright = ImageFile.decode(bytes);
                return Resize.shortSideCenterCrop(
                                upright,
                                Math.min(CELL, Math.min(upright.width(), upright.height())))
                        .withChannels(3)
                        .toBufferedImage();
            } else {
                int w = record.getWidth();
                int h = record.getHeight();
                int channels = record.getChannels();
                if ((long) w * h * channels == bytes.length) {
                    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int p = y * w + x;
                            int r = bytes[p] & 0xFF;
                            int gr = channels == 3 ? bytes[w * h + p] & 0xFF : r;
                            int b = channels == 3 ? bytes[2 * w * h + p] & 0xFF : r;
                            image.setRGB(x, y, (r << 16) | (gr << 8) | b);
                        }
                    }
                    return image;
                }
            }
        } catch (UnreadableImageException | RuntimeException e) {
            // fall through: a grey square marks an image that could not be shown
        }
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        return grey;
    }
}
