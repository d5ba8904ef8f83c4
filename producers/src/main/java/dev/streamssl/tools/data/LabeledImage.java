package dev.streamssl.tools.data;

import dev.streamssl.schemas.Encoding;

/**
 * One image to publish: its encoded bytes, declared dimensions and optional label.
 *
 * @param id unique id (the Kafka key)
 * @param encoding how {@code data} is encoded
 * @param data the pixels (RAW_U8, CHW) or file bytes (JPEG, PNG)
 * @param label ground truth or null
 * @param source where it came from
 */
public record LabeledImage(
        String id,
        Encoding encoding,
        int width,
        int height,
        int channels,
        byte[] data,
        Integer label,
        String source) {}
