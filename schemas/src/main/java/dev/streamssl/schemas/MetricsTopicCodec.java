package dev.streamssl.schemas;

import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Reads the metrics topic, which carries four record types: the learner's {@link TrainingMetrics}
 * and {@link DriftReport}s, the embedders' live {@link KnnReport}s and, for a ViT, {@link
 * AttentionReport}s. The writer schema in each value's framing (the single-object fingerprint, or
 * the registry's schema id) names the type: each type's codec refuses another type's schema as
 * {@link DeadLetterReason#UNKNOWN_SCHEMA} before reading a byte of the body, so the first codec
 * that does not refuse it is the record's type. A value none of them knows, or that the codec of
 * its type cannot read, is an error: a reader never skips a record silently.
 */
public final class MetricsTopicCodec {
    private final List<WireCodec<? extends SpecificRecordBase>> codecs;

    private MetricsTopicCodec(List<WireCodec<? extends SpecificRecordBase>> codecs) {
        this.codecs = codecs;
    }

    /** The codecs of the metrics topic {@code topic} in {@code wire}'s framing. */
    public static MetricsTopicCodec of(WireFormat wire, String topic) {
        return new MetricsTopicCodec(
                List.of(
                        wire.metrics(topic),
                        wire.knnReports(topic),
                        wire.attentionReports(topic),
                        wire.driftReports(topic)));
    }

    /** One value of the metrics topic, as the record type its writer schema names. */
    public SpecificRecordBase decode(byte[] value) throws WireFormatException {
        StringBuilder refusals = new StringBuilder();
        for (WireCodec<? extends SpecificRecordBase> codec : codecs) {
            try {
                return codec.decode(value);
            } catch (WireFormatException e) {
                if (e.reason() != DeadLetterReason.UNKNOWN_SCHEMA) {
                    throw e;
                }
                refusals.append("; ").append(e.getMessage());
            }
        }
        throw new WireFormatException(
                DeadLetterReason.UNKNOWN_SCHEMA,
                "a metrics-topic value that is none of TrainingMetrics, KnnReport,"
                        + " AttentionReport, DriftReport"
                        + refusals,
                null);
    }
}
