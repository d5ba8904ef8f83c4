package dev.streamssl.job.kafka;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.KafkaRecord;
import dev.streamssl.schemas.WireFormat;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's Kafka source and sinks, built in one place from the settings. Client properties from
 * {@code kafka.properties-file} (security, SASL, SSL) apply to all of them.
 */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /** The client properties every source and sink starts from, without the registry's keys. */
    public static Properties clientProperties(JobSettings settings) {
        Properties props = settings.clientProperties();
        // read by the job's codecs, unknown to Kafka clients (which would warn about them)
        WireFormat.REGISTRY_PROPERTIES.forEach(props::remove);
        return props;
    }

    public static KafkaSource<KafkaRecord> imagesSource(JobSettings settings) {
        return imagesSource(settings, settings.get(KafkaOptions.GROUP_ID));
    }

    /**
     * A source of the images topic under its own consumer group: the learning path reads the topic
     * a second time ({@code <group>-learner}), so that its offsets, and its lag, are its own.
     */
    public static KafkaSource<KafkaRecord> imagesSource(JobSettings settings, String groupId) {
        Properties props = clientProperties(settings);
        // embeddings are written transactionally; images are read as committed by producers
        props.putIfAbsent("isolation.level", "read_committed");
        OffsetsInitializer offsets =
                switch (settings.get(KafkaOptions.STARTING_OFFSETS)) {
                    case "latest" -> OffsetsInitializer.latest();
                    case "committed" ->
                            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                    default -> OffsetsInitializer.earliest();
                };
        return KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(settings.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setTopics(settings.get(KafkaOptions.IMAGES_TOPIC))
                .setGroupId(groupId)
                .setStartingOffsets(offsets)
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(props)
                .build();
    }

    /**
     * A sink with the configured delivery guarantee; {@code name} keeps transactional ids apart.
     */
    public static KafkaSink<EncodedRecord> sink(JobSettings settings, String topic, String name) {
        boolean exactlyOnce = settings.get(KafkaOptions.DELIVERY).equals("exactly-once");
        return sink(
                settings,
                topic,
                name,
                exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
    }

    /**
     * The metrics sink is always at-least-once: a report is a reading, not data, and a
     * transactional sink would show it only at the next checkpoint, which is too late for anyone
     * watching training (or pacing a producer by it, as the demo does).
     */
    public static KafkaSink<EncodedRecord> metricsSink(JobSettings settings) {
        return sink(
                settings,
                settings.get(KafkaOptions.METRICS_TOPIC),
                "metrics",
                DeliveryGuarantee.AT_LEAST_ONCE);
    }

    private static KafkaSink<EncodedRecord> sink(
            JobSettings settings, String topic, String name, DeliveryGuarantee guarantee) {
        Properties props = clientProperties(settings);
        // the sink's default (1 h) is above the broker's 15-minute maximum
        props.setProperty(
                "transaction.timeout.ms",
                String.valueOf(settings.get(KafkaOptions.TRANSACTION_TIMEOUT).toMillis()));
        return KafkaSink.<EncodedRecord>builder()
                .setBootstrapServers(settings.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(new EncodedRecordSerializer(topic))
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(
                        settings.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX) + "-" + name)
                .setKafkaProducerConfig(props)
                .build();
    }
}
