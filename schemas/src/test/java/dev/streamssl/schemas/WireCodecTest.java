package dev.streamssl.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireCodecTest {

    @Test
    void roundTripsAnImageRecord() throws Exception {
        ImageRecord image =
                ImageRecord.newBuilder()
                        .setId("img-1")
                        .setTimestampMs(42L)
                        .setEncoding(Encoding.RAW_U8)
                        .setWidth(2)
                        .setHeight(2)
                        .setChannels(1)
                        .setData(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                        .setLabel(7)
                        .setTags(Map.of("split", "test"))
                        .build();
        WireCodec<ImageRecord> codec = WireCodec.images();
        byte[] bytes = codec.encode(image);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(bytes)).isEqualTo(image);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void readsARecordWrittenWithAnOlderSchema(int version) throws Exception {
        Schema old;
        try (InputStream in =
                WireCodec.class.getResourceAsStream("history/ImageRecord-" + version + ".avsc")) {
            old = new Schema.Parser().parse(in);
        }
        GenericRecord record = new GenericData.Record(old);
        record.put("id", "old-1");
        record.put("timestampMs", 5L);
        record.put(
                "encoding", new GenericData.EnumSymbol(old.getField("encoding").schema(), "PNG"));
        record.put("width", 28);
        record.put("height", 28);
        record.put("channels", 1);
        record.put("data", ByteBuffer.wrap(new byte[] {9, 8}));
        record.put("label", 3);
        if (version >= 2) {
            record.put("tags", java.util.Map.of("split", "test"));
            record.put("source", "cam");
        }
        ByteBuffer written =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(record);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        ImageRecord read = WireCodec.images().decode(bytes);

        assertThat(read.getId()).isEqualTo("old-1");
        assertThat(read.getEncoding()).isEqualTo(Encoding.PNG);
        assertThat(read.getLabel()).isEqualTo(3);
        if (version == 1) {
            assertThat(read.getTags()).isEmpty();
            assertThat(read.getSource()).isNull();
        } else {
            assertThat(read.getTags()).containsEntry("split", "test");
            assertThat(read.getSource()).isEqualTo("cam");
        }
    }

    @Test
    void carriesWebp() throws Exception {
        WireCodec<ImageRecord> codec = WireCodec.images();
        ImageRecord webp =
                ImageRecord.newBuilder()
                        .setId("w")
                        .setTimestampMs(1)
                        .setEncoding(Encoding.WEBP)
                        .setWidth(2)
                        .setHeight(2)
                        .setChannels(3)
                        .setData(ByteBuffer.wrap(new byte[] {1}))
                        .build();
        assertThat(codec.decode(codec.encode(webp)).getEncoding()).isEqualTo(Encoding.WEBP);
    }

    @Test
    void readsMetricsWrittenBeforeTheMethodIndicatorsExisted() throws Exception {
        Schema v1;
        try (InputStream in =
                WireCodec.class.getResourceAsStream("history/TrainingMetrics-1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        GenericRecord old = new GenericData.Record(v1);
        old.put("timestampMs", 5L);
        old.put("method", "simclr");
        old.put("step", 10L);
        old.put("loss", 4.5);
        old.put("learningRate", 0.3);
        old.put("imagesPerSecond", 600.0);
        old.put("imagesSeen", 2560L);
        old.put("publishedModelVersion", 10L);
        ByteBuffer written =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        TrainingMetrics read = WireCodec.metrics().decode(bytes);

        // the count was named imagesSeen until schema 5; the alias carries it over
        assertThat(read.getImagesTrained()).isEqualTo(2560L);
        assertThat(read.getStep()).isEqualTo(10L);
        assertThat(read.getLoss()).isEqualTo(4.5);
        assertThat(read.getTeacherStudentKl()).isNull();
        assertThat(read.getPositiveSimilarity()).isNull();
    }

    /** Every metrics schema a job ever wrote stays readable: consumers outlive jobs. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5})
    void readsMetricsOfEveryEarlierSchema(int version) throws Exception {
        Schema old;
        try (InputStream in =
                WireCodec.class.getResourceAsStream(
                        "history/TrainingMetrics-" + version + ".avsc")) {
            old = new Schema.Parser().parse(in);
        }
        GenericRecord record =
                new org.apache.avro.generic.GenericRecordBuilder(old)
                        .set("timestampMs", 5L)
                        .set("method", "dino")
                        .set("step", 12L)
                        .set("loss", 6.5)
                        .set("learningRate", 5e-4)
                        .set("imagesPerSecond", 250.0)
                        .build();
        ByteBuffer written =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(record);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        TrainingMetrics read = WireCodec.metrics().decode(bytes);

        assertThat(read.getStep()).isEqualTo(12L);
        assertThat(read.getLoss()).isEqualTo(6.5);
        assertThat(read.getNonFiniteSteps()).isZero();
        assertThat(read.getAlarms()).isEmpty();
    }

    @Test
    void readsDeadLettersWrittenBeforeTheNewReasons() throws Exception {
        Schema v1;
        try (InputStream in = WireCodec.class.getResourceAsStream("history/DeadLetter-1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        GenericRecord old = new GenericData.Record(v1);
        old.put("topic", "images");
        old.put("partition", 1);
        old.put("offset", 42L);
        old.put(
                "reason",
                new GenericData.EnumSymbol(v1.getField("reason").schema(), "SIZE_MISMATCH"));
        old.put("message", "too short");
        old.put("original", ByteBuffer.wrap(new byte[] {1}));
        old.put("originalSize", 1);
        old.put("timestampMs", 5L);
        ByteBuffer written =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        DeadLetter read = WireCodec.deadLetters().decode(bytes);

        assertThat(read.getReason()).isEqualTo(DeadLetterReason.SIZE_MISMATCH);
        assertThat(read.getOffset()).isEqualTo(42L);
    }

    @Test
    void rejectsBytesThatAreNotSingleObjectEncoded() {
        assertThatThrownBy(() -> WireCodec.images().decode(new byte[] {1, 2, 3}))
                .isInstanceOf(WireFormatException.class)
                .satisfies(
                        e ->
                                assertThat(((WireFormatException) e).reason())
                                        .isEqualTo(DeadLetterReason.UNREADABLE_RECORD));
    }

    @Test
    void namesAnUnknownWriterSchema() {
        byte[] bytes = WireCodec.metrics().encode(sampleMetrics());
        assertThatThrownBy(() -> WireCodec.images().decode(bytes))
                .isInstanceOf(WireFormatException.class)
                .satisfies(
                        e ->
                                assertThat(((WireFormatException) e).reason())
                                        .isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA));
    }

    @Test
    void rejectsATruncatedBody() {
        byte[] bytes = WireCodec.metrics().encode(sampleMetrics());
        byte[] cut = java.util.Arrays.copyOf(bytes, 12);
        assertThatThrownBy(() -> WireCodec.metrics().decode(cut))
                .isInstanceOf(WireFormatException.class);
    }

    private static TrainingMetrics sampleMetrics() {
        return TrainingMetrics.newBuilder()
                .setTimestampMs(1)
                .setMethod("simclr")
                .setStep(3)
                .setLoss(1.5)
                .setLearningRate(0.1)
                .setImagesPerSecond(100)
                .build();
    }
}
