package dev.streamssl.consumers.report;

import dev.streamssl.schemas.Encoding;
import dev.streamssl.schemas.ImageRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;

/**
 * A figure that shows images, in two steps: the ids of the images it needs, and how it is drawn
 * once their pictures are read (the report reads the images topic once, for every such figure).
 */
record PictureFigure(Set<String> ids, Drawing draw) {
    /** Draws the figure from the pictures read, by image id. */
    interface Drawing {
        RunReport.Figure apply(Map<String, BufferedImage> pictures) throws IOException;
    }

    /** The picture of {@code id}, or a blank one when the images topic did not hold it. */
    static BufferedImage picture(Map<String, BufferedImage> pictures, String id) {
        BufferedImage p = pictures.get(id);
        return p != null
                ? p
                : ImageGrids.picture(
                        ImageRecord.newBuilder()
                                .setId(id)
                                .setTimestampMs(0)
                                .setEncoding(Encoding.RAW_U8)
                                .setWidth(1)
                                .setHeight(1)
                                .setChannels(1)
                                .setData(ByteBuffer.wrap(new byte[0]))
                                .build());
    }

    /** An image id cut to fit a grid's row header. */
    static String shorten(String id) {
        return id.length() <= 16 ? id : id.substring(0, 15) + "…";
    }
}
