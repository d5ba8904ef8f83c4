package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.producers.kafka.TopicAdmin;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.stack.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code streamssl eval knn} and {@code eval linear} on a real topic of embeddings: classes that a
 * hyperplane separates score 1.0 with both; an older model version on the same topic is left out
 * and counted.
 */
class EvalCommandITCase {
    @Test
    void bothProbesScoreSeparableEmbeddingsOfOneVersion() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicAdmin.ensure(kafka.clientProperties(), Map.of("embeddings", 1), (short) 1);
            WireCodec<EmbeddingRecord> codec = WireCodec.embeddings();
            SplittableRandom random = new SplittableRandom(1);
            try (KafkaProducer<String, byte[]> producer =
                    KafkaClients.producer(kafka.clientProperties())) {
                for (int i = 0; i < 390; i++) {
                    String split = i < 300 ? "train" : "test";
                    long version = i % 13 == 0 ? 4 : 9; // every 13th from an older version
                    EmbeddingRecord e = embedding("img-" + i, i % 3, split, version, random);
                    producer.send(new ProducerRecord<>("embeddings", e.getId(), codec.encode(e)));
                }
            }
            String knn = run("eval", "knn", "-b", kafka.bootstrapServers(), "--idle-seconds", "2");
            assertThat(knn).contains("model_version=9").contains("left_out_other_versions=30");
            assertThat(knn).contains("knn_top1=1.0000");
            String linear =
                    run(
                            "eval",
                            "linear",
                            "-b",
                            kafka.bootstrapServers(),
                            "--idle-seconds",
                            "2",
                            "--epochs",
                            "20");
            assertThat(linear)
                    .contains("model_version=9 bank=276 test=84 left_out_other_versions=30");
            assertThat(linear).contains("linear_top1=1.0000 (20 epochs");
        }
    }

    /** A 16-dimensional vector near one of three orthogonal directions, with its label. */
    private static EmbeddingRecord embedding(
            String id, int label, String split, long version, SplittableRandom random) {
        List<Float> v = new ArrayList<>();
        for (int j = 0; j < 16; j++) {
            v.add((float) (0.4 * (random.nextDouble() - 0.5)) + (j == label ? 2f : 0f));
        }
        return EmbeddingRecord.newBuilder()
                .setId(id)
                .setTimestampMs(1L)
                .setMethod("simclr")
                .setModelVersion(version)
                .setVector(v)
                .setCluster(null)
                .setLabel(label)
                .setTags(Map.of("split", split))
                .setEmbedderSubtask(0)
                .build();
    }

    private static String run(String... args) {
        return CliRun.stdout(args);
    }
}
