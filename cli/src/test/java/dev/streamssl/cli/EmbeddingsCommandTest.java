package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.schemas.EmbeddingRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingsCommandTest {
    private static EmbeddingRecord record(Map<String, String> tags) {
        return EmbeddingRecord.newBuilder()
                .setId("sneaker/1.jpg")
                .setTimestampMs(0)
                .setMethod("simclr")
                .setModelVersion(7)
                .setVector(List.of(0.5f, -1f))
                .setLabel(3)
                .setTags(tags)
                .build();
    }

    @Test
    void csvHasTheClassNameNextToTheLabel() {
        assertThat(EmbeddingsCommand.csv(record(Map.of("class", "sneaker", "split", "test"))))
                .isEqualTo("\"sneaker/1.jpg\",simclr,7,,3,\"sneaker\",test,\"0.5 -1.0\"");
        assertThat(EmbeddingsCommand.csv(record(Map.of("split", "train"))))
                .isEqualTo("\"sneaker/1.jpg\",simclr,7,,3,,train,\"0.5 -1.0\"");
    }

    @Test
    void jsonCarriesTheClassNameInTheTags() {
        assertThat(EmbeddingsCommand.json(record(Map.of("class", "sneaker"))))
                .contains("\"label\":3")
                .contains("\"tags\":{\"class\":\"sneaker\"}");
    }
}
