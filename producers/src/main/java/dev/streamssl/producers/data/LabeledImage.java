package dev.streamssl.producers.data;

import dev.streamssl.schemas.Encoding;
import dev.streamssl.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One image to publish: its encoded bytes, declared dimensions, optional label and its own tags.
 *
 * @param id unique id (the Kafka key)
 * @param encoding how {@code data} is encoded
 * @param data the pixels (RAW_U8, CHW) or file bytes (JPEG, PNG, WebP)
 * @param label ground truth or null
 * @param source where it came from
 * @param tags this image's tags (its class name, its split from a manifest); they win over the tags
 *     a publishing run gives every image
 */
public record LabeledImage(
        String id,
        Encoding encoding,
        int width,
        int height,
        int channels,
        byte[] data,
        Integer label,
        String source,
        Map<String, String> tags) {

    public LabeledImage {
        tags = Map.copyOf(tags);
    }

    /** An image without tags of its own. */
    public LabeledImage(
            String id,
            Encoding encoding,
            int width,
            int height,
            int channels,
            byte[] data,
            Integer label,
            String source) {
        this(id, encoding, width, height, channels, data, label, source, Map.of());
    }

    /** The same image under another id. */
    public LabeledImage withId(String newId) {
        return new LabeledImage(
                newId, encoding, width, height, channels, data, label, source, tags);
    }

    /**
     * The record published for this image: the run's {@code tags} overridden by the image's own,
     * stamped with {@code timestampMs}.
     */
    public ImageRecord toRecord(Map<String, String> runTags, long timestampMs) {
        Map<String, String> recordTags = new HashMap<>(runTags);
        recordTags.putAll(tags);
        return ImageRecord.newBuilder()
                .setId(id)
                .setTimestampMs(timestampMs)
                .setEncoding(encoding)
                .setWidth(width)
                .setHeight(height)
                .setChannels(channels)
                .setData(ByteBuffer.wrap(data))
                .setLabel(label)
                .setTags(recordTags)
                .setSource(source)
                .build();
    }
}
