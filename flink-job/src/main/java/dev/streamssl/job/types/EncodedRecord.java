package dev.streamssl.job.types;

/**
 * A Kafka record ready to write: key and wire-encoded value. Operators encode their Avro records
 * themselves (single-object encoding), so Avro classes never pass through Flink's type system and
 * one sink serializer serves every output topic.
 */
public class EncodedRecord {
    public String key;
    public byte[] value;

    public EncodedRecord() {}

    public EncodedRecord(String key, byte[] value) {
        this.key = key;
        this.value = value;
    }
}
