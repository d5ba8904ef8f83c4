package dev.streamssl.schemas;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Turns one record type into Kafka record values and back. Two framings implement it: {@link
 * SingleObjectCodec} (Avro single-object encoding, the default, self-contained) and {@link
 * RegistryCodec} (the Confluent schema-registry framing: magic byte 0, a 4-byte schema id, the
 * binary body). {@link WireFormat} picks one from the configuration; the static factories here give
 * the default framing.
 *
 * <p>A decoder failure is a {@link WireFormatException} (the record's fault: dead-letter it); a
 * registry that cannot be reached is a {@link RegistryUnavailableException} (nobody's record is
 * bad: retry, never dead-letter).
 */
public interface WireCodec<T extends SpecificRecordBase> {

    Schema schema();

    byte[] encode(T record);

    T decode(byte[] bytes) throws WireFormatException;

    /**
     * Makes the writer schema known where the framing needs it (registers it under the codec's
     * subject), so that an unreachable or refusing registry shows up before the first record.
     * Nothing to do for single-object encoding.
     */
    default void registerWriterSchema() {}

    static WireCodec<ImageRecord> images() {
        return new SingleObjectCodec<>(ImageRecord.getClassSchema());
    }

    static WireCodec<EmbeddingRecord> embeddings() {
        return new SingleObjectCodec<>(EmbeddingRecord.getClassSchema());
    }

    static WireCodec<DeadLetter> deadLetters() {
        return new SingleObjectCodec<>(DeadLetter.getClassSchema());
    }

    static WireCodec<TrainingMetrics> metrics() {
        return new SingleObjectCodec<>(TrainingMetrics.getClassSchema());
    }

    /** A ViT encoder's [CLS] attention maps of held-out images, also on the metrics topic. */
    static WireCodec<AttentionReport> attentionReports() {
        return new SingleObjectCodec<>(AttentionReport.getClassSchema());
    }

    /** The learner's drift checks, on the metrics topic too. */
    static WireCodec<DriftReport> driftReports() {
        return new SingleObjectCodec<>(DriftReport.getClassSchema());
    }

    /** The embedders' live kNN reports, which share the metrics topic with the learner's. */
    static WireCodec<KnnReport> knnReports() {
        return new SingleObjectCodec<>(KnnReport.getClassSchema());
    }
}
