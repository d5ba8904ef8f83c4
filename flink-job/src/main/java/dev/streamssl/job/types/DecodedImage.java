package dev.streamssl.job.types;

import java.util.HashMap;
import java.util.Map;

/**
 * A validated image at the model's input format: uint8 pixels in (C, H, W) order with the
 * configured channels and size, plus what the embedding record passes through.
 */
public class DecodedImage {
    public String id;
    public long timestampMs;
    public byte[] pixels;
    public Integer label;
    public HashMap<String, String> tags;

    public DecodedImage() {}

    public DecodedImage(
            String id, long timestampMs, byte[] pixels, Integer label, Map<String, String> tags) {
        this.id = id;
        this.timestampMs = timestampMs;
        this.pixels = pixels;
        this.label = label;
        this.tags = new HashMap<>(tags);
    }

    /**
     * Whether the learner may train on this image: not if it is tagged {@code learn=false} or
     * {@code split=test} (evaluation images are embedded, never trained on).
     */
    public boolean learnable() {
        return tags == null
                || (!"false".equals(tags.get("learn")) && !"test".equals(tags.get("split")));
    }
}
