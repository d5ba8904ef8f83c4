package dev.streamssl.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTopicCodecTest {
    private final MetricsTopicCodec codec = MetricsTopicCodec.of(WireFormat.singleObject(), "m");

    @Test
    void eachValueComesBackAsTheTypeItsWriterSchemaNames() throws Exception {
        TrainingMetrics metrics =
                TrainingMetrics.newBuilder()
                        .setTimestampMs(1)
                        .setMethod("simclr")
                        .setStep(3)
                        .setLoss(1.5)
                        .setLearningRate(0.1)
                        .setImagesPerSecond(100)
                        .build();
        KnnReport knn =
                KnnReport.newBuilder()
                        .setTimestampMs(2)
                        .setMethod("moco")
                        .setModelVersion(7)
                        .setEmbedderSubtask(1)
                        .setTop1(0.8)
                        .setBankSize(10)
                        .setTestSize(5)
                        .setK(20)
                        .setTemperature(0.07)
                        .build();
        assertThat(codec.decode(WireCodec.metrics().encode(metrics))).isEqualTo(metrics);
        assertThat(codec.decode(WireCodec.knnReports().encode(knn))).isEqualTo(knn);
    }

    @Test
    void aValueOfAnotherTypeIsAnErrorNamingTheTypesItIsNot() {
        EmbeddingRecord embedding =
                EmbeddingRecord.newBuilder()
                        .setId("a")
                        .setTimestampMs(1)
                        .setMethod("simclr")
                        .setModelVersion(1)
                        .setVector(List.of(1f, 2f))
                        .setTags(Map.of())
                        .build();
        assertThatThrownBy(() -> codec.decode(WireCodec.embeddings().encode(embedding)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("none of TrainingMetrics, KnnReport, AttentionReport");
    }

    @Test
    void aCorruptBodyOfAKnownTypeIsNotTakenForAnotherType() {
        byte[] value =
                WireCodec.metrics()
                        .encode(
                                TrainingMetrics.newBuilder()
                                        .setTimestampMs(1)
                                        .setMethod("simclr")
                                        .setStep(3)
                                        .setLoss(1.5)
                                        .setLearningRate(0.1)
                                        .setImagesPerSecond(100)
                                        .build());
        byte[] cut = Arrays.copyOf(value, 12);
        assertThatThrownBy(() -> codec.decode(cut))
                .isInstanceOf(WireFormatException.class)
                .satisfies(
                        e ->
                                assertThat(((WireFormatException) e).reason())
                                        .isEqualTo(DeadLetterReason.UNREADABLE_RECORD));
    }
}
