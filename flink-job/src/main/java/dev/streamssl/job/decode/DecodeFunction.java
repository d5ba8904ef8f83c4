package dev.streamssl.job.decode;

import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.KafkaRecord;
import dev.streamssl.schemas.DeadLetter;
import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decode: Avro → validated pixels. Every failure, from unreadable bytes to a JPEG whose header
 * disagrees with the record, and any unexpected exception while decoding a record, becomes a {@link
 * DeadLetter} on the side output with its source coordinates and a reason; the job never fails on
 * input (a failure would replay the same record after the restart, for ever). With {@code
 * serde.format: registry}, a schema id the registry holds no usable Avro schema under is the
 * record's fault too ({@code UNKNOWN_SCHEMA}); a registry that cannot answer ({@link
 * dev.streamssl.schemas.RegistryUnavailableException}) is no record's fault and is let through to
 * fail the task, which restarts from its checkpoint and reads the record again.
 */
public final class DecodeFunction extends ProcessFunction<KafkaRecord, DecodedImage> {
    public static final OutputTag<EncodedRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final int channels;
    private final int size;
    private final int maxSide;
    private final int maxBytes;
    private final long maxPixels;
    private final int maxIdLength;
    private final int deadLetterMaxBytes;
    private final FaultInjection faults;
    private final WireFormat wire;
    private final String imagesTopic;
    private final String deadLetterTopic;
    private transient WireCodec<ImageRecord> codec;
    private transient WireCodec<DeadLetter> deadLetterCodec;
    private transient ImageDecoder decoder;
    private transient Counter rejected;

    public DecodeFunction(
            int channels,
            int size,
            int maxSide,
            int maxBytes,
            long maxPixels,
            int maxIdLength,
            int deadLetterMaxBytes,
            FaultInjection faults,
            WireFormat wire,
            String imagesTopic,
            String deadLetterTopic) {
        this.channels = channels;
        this.size = size;
        this.maxSide = maxSide;
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.maxIdLength = maxIdLength;
        this.deadLetterMaxBytes = deadLetterMaxBytes;
        this.faults = faults;
        this.wire = wire;
        this.imagesTopic = imagesTopic;
        this.deadLetterTopic = deadLetterTopic;
    }

    /**
     * The decoder the job's settings describe (channels and limits), with these failures, to
     * squares of {@code side}: the model's input size for embedding, {@code input.decode-size} for
     * the learner.
     */
    public static DecodeFunction of(
            dev.streamssl.job.config.JobSettings s, int side, FaultInjection faults) {
        return new DecodeFunction(
                s.get(dev.streamssl.job.config.InputOptions.CHANNELS),
                side,
                s.get(dev.streamssl.job.config.InputOptions.MAX_SIDE),
                s.get(dev.streamssl.job.config.InputOptions.MAX_BYTES),
                s.get(dev.streamssl.job.config.InputOptions.MAX_PIXELS),
                s.get(dev.streamssl.job.config.InputOptions.MAX_ID_LENGTH),
                s.get(dev.streamssl.job.config.KafkaOptions.DEAD_LETTER_MAX_BYTES),
                faults,
                s.wireFormat(),
                s.get(dev.streamssl.job.config.KafkaOptions.IMAGES_TOPIC),
                s.get(dev.streamssl.job.config.KafkaOptions.DEAD_LETTER_TOPIC));
    }

    @Override
    public void open(OpenContext context) {
        codec = wire.images(imagesTopic);
        deadLetterCodec = wire.deadLetters(deadLetterTopic);
        decoder = new ImageDecoder(channels, size, maxSide, maxBytes, maxPixels, maxIdLength);
        rejected = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(KafkaRecord in, Context ctx, Collector<DecodedImage> out) {
        // outside the try blocks below: an injected failure must fail the task, not the record
        faults.pass(FaultInjection.Point.DECODE);
        ImageRecord record;
        try {
            record = codec.decode(in.value);
        } catch (WireFormatException e) {
            reject(in, null, e.reason(), e.getMessage(), ctx);
            return;
        }
        byte[] pixels;
        try {
            pixels = decoder.decode(record);
        } catch (ImageDecoder.RejectedImage e) {
            reject(in, record.getId(), e.reason(), e.getMessage(), ctx);
            return;
        } catch (RuntimeException | LinkageError e) {
            // a decoder bug or a codec's internal failure on hostile bytes: the record is still
            // the problem, and a task failure would meet it again on replay for ever
            reject(
                    in,
                    record.getId(),
                    DeadLetterReason.DECODER_ERROR,
                    "decoding failed unexpectedly: " + e,
                    ctx);
            return;
        }
        // outside the try blocks: a chained downstream operator (the learner, when it runs in the
        // decoder's task) is called from collect, and its failure must fail the task, not turn
        // the image into a dead letter
        out.collect(
                new DecodedImage(
                        record.getId(),
                        record.getTimestampMs(),
                        pixels,
                        record.getLabel(),
                        record.getTags()));
    }

    private void reject(
            KafkaRecord in, String id, DeadLetterReason reason, String message, Context ctx) {
        rejected.inc();
        byte[] value = in.value == null ? new byte[0] : in.value;
        byte[] kept = Arrays.copyOf(value, Math.min(value.length, deadLetterMaxBytes));
        DeadLetter letter =
                DeadLetter.newBuilder()
                        .setTopic(in.topic)
                        .setPartition(in.partition)
                        .setOffset(in.offset)
                        .setId(id)
                        .setReason(reason)
                        .setMessage(message == null ? reason.name() : message)
                        .setOriginal(ByteBuffer.wrap(kept))
                        .setOriginalSize(value.length)
                        .setTimestampMs(System.currentTimeMillis())
                        .build();
        String key = id != null ? id : in.topic + "-" + in.partition + "-" + in.offset;
        ctx.output(DEAD_LETTERS, new EncodedRecord(key, deadLetterCodec.encode(letter)));
    }
}
