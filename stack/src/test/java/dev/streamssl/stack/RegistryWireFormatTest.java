package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.RegistryCodec;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.formats.avro.RegistryAvroDeserializationSchema;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;
import org.apache.flink.formats.avro.SchemaCoder;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.junit.jupiter.api.Test;

/**
 * streamssl's Confluent-framed records against another implementation of the same wire format:
 * Flink's avro-confluent format (the serializer Flink SQL's {@code 'format' = 'avro-confluent'}
 * uses) over Confluent's registry client. Each side reads what the other wrote, through one
 * registry, with Avro schema resolution between different writer and reader schemas.
 */
class RegistryWireFormatTest {
    private final ConfluentInMemoryRegistry registry = new ConfluentInMemoryRegistry();

    @Test
    void flinksAvroConfluentFormatReadsOurEmbeddings() throws Exception {
        RegistryCodec<EmbeddingRecord> ours =
                new RegistryCodec<>(
                        EmbeddingRecord.getClassSchema(),
                        WireFormat.valueSubject("embeddings"),
                        registry);
        EmbeddingRecord embedding = embedding();
        byte[] bytes = ours.encode(embedding);

        int id = registry.confluent.getLatestSchemaMetadata("embeddings-value").getId();
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);

        GenericRecord read =
                flinkReader(EmbeddingRecord.getClassSchema().toString()).deserialize(bytes);
        assertThat(read.get("id").toString()).isEqualTo("img-7");
        assertThat(read.get("modelVersion")).isEqualTo(12L);
        assertThat(read.get("vector")).isEqualTo(List.of(0.25f, -1.5f, 3.0f));
        assertThat(read.get("label")).isEqualTo(4);
        assertThat(read.get("cluster")).isNull();
    }

    @Test
    void readsEmbeddingsWrittenByFlinksAvroConfluentFormat() throws Exception {
        Schema schema = new Schema.Parser().parse(EmbeddingRecord.getClassSchema().toString());
        GenericRecord theirs = new GenericData.Record(schema);
        theirs.put("id", "img-9");
        theirs.put("timestampMs", 99L);
        theirs.put("method", "moco");
        theirs.put("modelVersion", 3L);
        theirs.put("vector", List.of(1.0f, 2.0f));
        theirs.put("cluster", 5);
        theirs.put("label", null);
        theirs.put("tags", Map.of("split", "test"));
        theirs.put("embedderSubtask", 1);
        byte[] bytes = flinkWriter(schema, "embeddings-value").serialize(theirs);

        EmbeddingRecord read =
                new RegistryCodec<EmbeddingRecord>(
                                EmbeddingRecord.getClassSchema(),
                                WireFormat.valueSubject("embeddings"),
                                registry)
                        .decode(bytes);
        assertThat(read.getId()).isEqualTo("img-9");
        assertThat(read.getMethod()).isEqualTo("moco");
        assertThat(read.getVector()).containsExactly(1.0f, 2.0f);
        assertThat(read.getCluster()).isEqualTo(5);
        assertThat(read.getLabel()).isNull();
        assertThat(read.getTags()).containsEntry("split", "test");
    }

    @Test
    void readsAnImageFromAProducerWhoseSchemaAddsAnOptionalField() throws Exception {
        // another producer's ImageRecord: the same fields plus an optional "camera" at the end
        String extended = ConfluentInMemoryRegistry.imageSchemaWithCamera();
        Schema schema = new Schema.Parser().parse(extended);
        GenericRecord theirs = new GenericData.Record(schema);
        theirs.put("id", "cam-1");
        theirs.put("timestampMs", 5L);
        theirs.put(
                "encoding",
                new GenericData.EnumSymbol(schema.getField("encoding").schema(), "JPEG"));
        theirs.put("width", 2);
        theirs.put("height", 1);
        theirs.put("channels", 3);
        theirs.put("data", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        theirs.put("label", 2);
        theirs.put("tags", Map.of());
        theirs.put("source", "DSC_0001.JPG");
        theirs.put("camera", "X100V");
        byte[] bytes = flinkWriter(schema, "images-value").serialize(theirs);

        ImageRecord read =
                InProcessRegistries.register("wire-format-test", registry)
                        .images("images")
                        .decode(bytes);
        assertThat(read.getId()).isEqualTo("cam-1");
        assertThat(read.getSource()).isEqualTo("DSC_0001.JPG");
        assertThat(read.getData().remaining()).isEqualTo(3);
    }

    @Test
    void metricsRecordTypesKeepSubjectsOfTheirOwnAndAreToldApartById() throws Exception {
        WireFormat formats = InProcessRegistries.register("wire-format-test", registry);
        WireCodec<TrainingMetrics> metrics = formats.metrics("metrics");
        WireCodec<KnnReport> knn = formats.knnReports("metrics");
        byte[] report = knn.encode(knnReport());

        assertThat(registry.confluent.getAllSubjects())
                .containsExactly("metrics-dev.streamssl.schemas.KnnReport");
        assertThat(knn.decode(report).getTop1()).isEqualTo(0.75);
        assertThatThrownBy(() -> metrics.decode(report))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA))
                .hasMessageContaining("is a dev.streamssl.schemas.KnnReport");
    }

    @Test
    void anUnknownSchemaIdIsAnUnknownSchemaAndGarbageIsUnreadable() {
        WireCodec<EmbeddingRecord> codec =
                InProcessRegistries.register("wire-format-test", registry).embeddings("e");
        byte[] unknownId = {0, 0, 0, 0x30, 0x39, 2, 'a'};
        assertThatThrownBy(() -> codec.decode(unknownId))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA))
                .hasMessageContaining("schema id 12345");
        assertThatThrownBy(() -> codec.decode(new byte[] {7, 1, 2}))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNREADABLE_RECORD));
    }

    @Test
    void stillReadsSingleObjectEncodedRecordsSoATopicCanMoveOver() throws Exception {
        byte[] old = WireCodec.embeddings().encode(embedding());
        EmbeddingRecord read =
                InProcessRegistries.register("wire-format-test", registry)
                        .embeddings("e")
                        .decode(old);
        assertThat(read).isEqualTo(embedding());
        assertThat(registry.confluent.getAllSubjects()).isEmpty();
    }

    private static EmbeddingRecord embedding() {
        return EmbeddingRecord.newBuilder()
                .setId("img-7")
                .setTimestampMs(1234L)
                .setMethod("simclr")
                .setModelVersion(12L)
                .setVector(List.of(0.25f, -1.5f, 3.0f))
                .setCluster(null)
                .setLabel(4)
                .setTags(Map.of("split", "train"))
                .setEmbedderSubtask(0)
                .build();
    }

    private static KnnReport knnReport() {
        return KnnReport.newBuilder()
                .setTimestampMs(1L)
                .setMethod("simclr")
                .setModelVersion(2L)
                .setEmbedderSubtask(0)
                .setTop1(0.75)
                .setBankSize(100)
                .setTestSize(50)
                .setK(20)
                .setTemperature(0.07)
                .build();
    }

    private RegistryAvroSerializationSchema<GenericRecord> flinkWriter(
            Schema schema, String subject) {
        ConfluentInMemoryRegistry shared = registry;
        SchemaCoder.SchemaCoderProvider coder =
                () -> new ConfluentSchemaRegistryCoder(subject, shared.confluent);
        return RegistryAvroSerializationSchema.forGeneric(schema, coder);
    }

    private RegistryAvroDeserializationSchema<GenericRecord> flinkReader(String readerSchema) {
        ConfluentInMemoryRegistry shared = registry;
        SchemaCoder.SchemaCoderProvider coder =
                () -> new ConfluentSchemaRegistryCoder(shared.confluent);
        return new RegistryAvroDeserializationSchema<>(
                GenericRecord.class, new Schema.Parser().parse(readerSchema), coder);
    }
}
