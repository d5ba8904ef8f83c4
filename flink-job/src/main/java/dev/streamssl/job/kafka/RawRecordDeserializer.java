package dev.streamssl.job.kafka;

import dev.streamssl.job.types.KafkaRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes every Kafka record on with its coordinates and raw value. It never throws: parsing is the
 * decoder's job, where a failure becomes a dead letter instead of a failing source.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<KafkaRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) {
        out.collect(
                new KafkaRecord(
                        record.topic(), record.partition(), record.offset(), record.value()));
    }

    @Override
    public TypeInformation<KafkaRecord> getProducedType() {
        return TypeInformation.of(KafkaRecord.class);
    }
}
