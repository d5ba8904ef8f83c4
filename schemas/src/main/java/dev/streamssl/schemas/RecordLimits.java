package dev.streamssl.schemas;

/**
 * How large an image record may be, in one place, so that the three limits on its way agree: the
 * producer's {@code max.request.size}, the images topic's {@code max.message.bytes} and the job's
 * {@code input.max-bytes}. Kafka's defaults (about 1 MB for both of the first two) would refuse a
 * single camera JPEG; a record passing the producer but refused by the topic, or accepted by both
 * but refused by the job, is an image lost for no reason a user can see.
 */
public final class RecordLimits {
    private RecordLimits() {}

    /** Largest encoded image (the record's {@code data}) the job accepts by default: 16 MiB. */
    public static final int IMAGE_BYTES = 16 * 1024 * 1024;

    /**
     * Largest image record on the wire: the image plus room for the id, tags, source, the Avro
     * framing and Kafka's record-batch overhead (1 MiB, far more than they take).
     */
    public static final int IMAGE_RECORD_BYTES = recordBytes(IMAGE_BYTES);

    /** The record size that carries images of up to {@code imageBytes}. */
    public static int recordBytes(int imageBytes) {
        return (int) Math.min(Integer.MAX_VALUE, (long) imageBytes + 1024 * 1024);
    }
}
