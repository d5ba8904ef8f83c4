package dev.streamssl.job.kafka;

import dev.streamssl.job.types.EncodedRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes an already encoded record to one topic, keyed by its key (the image id). */
public final class EncodedRecordSerializer
        implements KafkaRecordSerializationSchema<EncodedRecord> {
    private final String topic;

    public EncodedRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            EncodedRecord element, KafkaSinkContext context, Long timestamp) {
        byte[] key = element.key == null ? null : element.key.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, key, element.value);
    }
}
