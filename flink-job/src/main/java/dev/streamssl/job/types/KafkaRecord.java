package dev.streamssl.job.types;

/**
 * A record as it came off the images topic, before any parsing: where it came from and its raw
 * value. Parsing happens in the decoder, so that a bad value becomes a dead letter with its topic,
 * partition and offset instead of failing the source.
 */
public class KafkaRecord {
    public String topic;
    public int partition;
    public long offset;
    public byte[] value;

    public KafkaRecord() {}

    public KafkaRecord(String topic, int partition, long offset, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
    }
}
