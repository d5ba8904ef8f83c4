package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.DeadLetter;
import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.formats.avro.RegistryAvroDeserializationSchema;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;
import org.apache.flink.formats.avro.SchemaCoder;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with {@code serde.format = registry}, end to end on the real broker and MiniCluster,
 * against Confluent's registry code running in this JVM (no registry server installs here): images
 * come from streamssl's publisher and from Flink's avro-confluent serializer under a schema with an
 * extra optional field; every image is embedded once, every embedding reads with Flink's
 * avro-confluent deserializer, and the dead letter of a record in neither framing is itself
 * registry-framed.
 */
class RegistryPipelineITCase {
    private static final int OURS = 40;
    private static final int THEIRS = 8;

    @TempDir Path work;

    @Test
    void embedsRegistryFramedImagesFromTwoWritersAndFlinkReadsEveryEmbedding() throws Exception {
        ConfluentInMemoryRegistry registry = new ConfluentInMemoryRegistry();
        WireFormat wire = InProcessRegistries.register("pipeline-it", registry);
        Map<String, String> options = SmallJob.options(work.resolve("checkpoints"));
        options.put("serde.format", "registry");
        options.put("schema-registry.url", InProcessRegistries.SCHEME + "pipeline-it");
        try (LocalStack stack = LocalStack.start(options)) {
            stack.startJob();
            assertThat(registry.confluent.getAllSubjects())
                    .as("the job registers what it writes before it runs")
                    .contains(
                            "embeddings-value",
                            "dead-letters-value",
                            "metrics-dev.streamssl.schemas.TrainingMetrics",
                            "metrics-dev.streamssl.schemas.KnnReport",
                            "metrics-dev.streamssl.schemas.AttentionReport");
            Properties client = stack.kafka().clientProperties();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                new ImagePublisher(producer, "images", wire)
                        .publish(
                                new SyntheticImages(OURS, 7, "ours-"),
                                Map.of("split", "train"),
                                ImagePublisher.Budget.onePass(),
                                null);
                RegistryAvroSerializationSchema<GenericRecord> theirs =
                        extendedImageWriter(registry);
                for (java.util.Iterator<LabeledImage> it =
                                new SyntheticImages(THEIRS, 8, "theirs-").iterator();
                        it.hasNext(); ) {
                    LabeledImage image = it.next();
                    producer.send(
                            new ProducerRecord<>(
                                    "images", image.id(), theirs.serialize(withCamera(image))));
                }
                producer.send(new ProducerRecord<>("images", "junk", new byte[] {42, 1, 2, 3}));
            }

            Map<String, Integer> keys =
                    TopicKeys.count(
                            client,
                            "embeddings",
                            OURS + THEIRS,
                            Duration.ofSeconds(4),
                            Duration.ofMinutes(3));
            assertThat(keys).hasSize(OURS + THEIRS);
            assertThat(keys.values()).as("each image embedded once").containsOnly(1);

            List<byte[]> values = values(client, "embeddings", OURS + THEIRS);
            RegistryAvroDeserializationSchema<GenericRecord> flink = embeddingReader(registry);
            int embeddingsId =
                    registry.confluent.getLatestSchemaMetadata("embeddings-value").getId();
            Map<String, GenericRecord> read = new HashMap<>();
            for (byte[] value : values) {
                assertThat(value[0]).isZero();
                assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(embeddingsId);
                GenericRecord e = flink.deserialize(value);
                read.put(e.get("id").toString(), e);
            }
            assertThat(read).hasSize(OURS + THEIRS);
            assertThat(read.keySet()).contains("ours-0", "theirs-0", "theirs-7");
            assertThat((List<?>) read.get("theirs-3").get("vector")).hasSize(128);

            List<byte[]> letters = values(client, "dead-letters", 1);
            assertThat(letters).hasSize(1);
            DeadLetter letter = wire.deadLetters("dead-letters").decode(letters.get(0));
            assertThat(letter.getReason()).isEqualTo(DeadLetterReason.UNREADABLE_RECORD);
            assertThat(letter.getMessage()).contains("neither the schema-registry framing");
        }
    }

    /** Another producer's ImageRecord writer: our schema plus an optional "camera" field. */
    private static RegistryAvroSerializationSchema<GenericRecord> extendedImageWriter(
            ConfluentInMemoryRegistry registry) {
        SchemaCoder.SchemaCoderProvider coder =
                () -> new ConfluentSchemaRegistryCoder("images-value", registry.confluent);
        return RegistryAvroSerializationSchema.forGeneric(EXTENDED, coder);
    }

    private static final Schema EXTENDED =
            new Schema.Parser().parse(ConfluentInMemoryRegistry.imageSchemaWithCamera());

    private static GenericRecord withCamera(LabeledImage image) {
        GenericRecord r = new GenericData.Record(EXTENDED);
        r.put("id", image.id());
        r.put("timestampMs", System.currentTimeMillis());
        r.put(
                "encoding",
                new GenericData.EnumSymbol(
                        EXTENDED.getField("encoding").schema(), image.encoding().name()));
        r.put("width", image.width());
        r.put("height", image.height());
        r.put("channels", image.channels());
        r.put("data", ByteBuffer.wrap(image.data()));
        r.put("label", image.label());
        r.put("tags", Map.of("split", "train"));
        r.put("source", null);
        r.put("camera", "X100V");
        return r;
    }

    private static RegistryAvroDeserializationSchema<GenericRecord> embeddingReader(
            ConfluentInMemoryRegistry registry) {
        SchemaCoder.SchemaCoderProvider coder =
                () -> new ConfluentSchemaRegistryCoder(registry.confluent);
        return new RegistryAvroDeserializationSchema<>(
                GenericRecord.class,
                new Schema.Parser().parse(EmbeddingRecord.getClassSchema().toString()),
                coder);
    }

    /** The first {@code count} committed values of a topic (waits up to a minute for them). */
    private static List<byte[]> values(Properties client, String topic, int count) {
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            KafkaClients.assignFromBeginning(consumer, topic);
            long deadline = System.currentTimeMillis() + 60_000;
            while (values.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
