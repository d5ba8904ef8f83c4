package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.job.reembed.ReembedJob;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.producers.kafka.TopicAdmin;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.stack.EmbeddedKafka;
import dev.streamssl.stack.Reembed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamssl reembed} on a real broker: the images topic's 300 images (and a bad record)
 * embedded again by one exported model; every id lands once in the target topic, all with the
 * model's version, with the model's vectors.
 */
class ReembedITCase {
    private static final int IMAGES = 300;
    private static final int TEST_IMAGES = 100;

    @TempDir Path dir;

    @Test
    void everyImageOnceWithTheChosenVersion() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Properties client = kafka.clientProperties();
            TopicAdmin.ensure(client, Map.of("images", 2, "reembedded", 2), (short) 1);
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                new ImagePublisher(producer, "images", WireFormat.singleObject())
                        .publish(
                                new SyntheticImages(IMAGES, 7, "h-"),
                                Map.of("split", "train"),
                                ImagePublisher.Budget.onePass(),
                                null);
                new ImagePublisher(producer, "images", WireFormat.singleObject())
                        .publish(
                                new SyntheticImages(TEST_IMAGES, 8, "t-"),
                                Map.of("split", "test"),
                                ImagePublisher.Budget.onePass(),
                                null);
                producer.send(
                                new org.apache.kafka.clients.producer.ProducerRecord<>(
                                        "images", "junk", new byte[] {1, 2, 3}))
                        .get();
            }
            Path model = dir.resolve("simclr-v42");
            LearnerSettings learner =
                    dev.streamssl.job.config.JobSettings.from(
                                    dev.streamssl.job.config.ConfigLoader.fromMap(
                                            Map.of(
                                                    "kafka.bootstrap-servers", "unused:9092",
                                                    "learner.device", "cpu")))
                            .learnerSettings();
            try (SslMethod method = Methods.create(learner)) {
                ExportedEncoder.write(
                        method.evaluationWeights(),
                        new ExportedEncoder.Descriptor(
                                "simclr",
                                "small-cnn",
                                null,
                                42,
                                28,
                                1,
                                new float[] {0.286f},
                                new float[] {0.353f},
                                128),
                        model);
            }

            long written =
                    new Reembed(System.out)
                            .run(
                                    new Reembed.Request(
                                            client, null, "images", model, "reembedded", -1, 2));
            assertThat(written).isGreaterThanOrEqualTo(IMAGES);

            Map<String, EmbeddingRecord> byId = onceEach(client, "reembedded");

            // the vectors are the model's: a few images embedded here with plain DJL
            ExportedEncoder.Descriptor d = ExportedEncoder.descriptor(model);
            Iterator<LabeledImage> images = new SyntheticImages(IMAGES, 7, "h-").iterator();
            List<LabeledImage> first = List.of(images.next(), images.next(), images.next());
            float[] pixels = new float[3 * 28 * 28];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 28 * 28; j++) {
                    pixels[i * 784 + j] = first.get(i).data()[j] & 0xFF;
                }
            }
            try (Model m = ExportedEncoder.load(model)) {
                float[][] expected = ExportedEncoder.embed(m, d, pixels, 3);
                for (int i = 0; i < 3; i++) {
                    List<Float> got = byId.get(first.get(i).id()).getVector();
                    for (int k = 0; k < expected[i].length; k++) {
                        assertThat(got.get(k)).isCloseTo(expected[i][k], within(1e-4f));
                    }
                }
            }

            // the cluster entry point (flink run -c ...ReembedJob), the model given as a URI
            TopicAdmin.ensure(client, Map.of("reembedded-2", 1), (short) 1);
            ReembedJob.main(
                    new String[] {
                        "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "job.checkpoint-dir=" + dir.resolve("cp").toUri(),
                        "--model",
                        model.toUri().toString(),
                        "--to-topic",
                        "reembedded-2",
                        "--from-beginning"
                    });
            Map<String, EmbeddingRecord> again = onceEach(client, "reembedded-2");
            for (EmbeddingRecord e : again.values()) {
                assertThat(e.getVector()).isEqualTo(byId.get(e.getId()).getVector());
            }

            // into a vector store: both re-embedded topics upserted into one Lucene index hold
            // one document per image; kNN with the index's own HNSW search equals eval knn
            String bootstrap = kafka.bootstrapServers();
            String index = dir.resolve("index").toString();
            CliRun.stdout(
                    "index",
                    "-b",
                    bootstrap,
                    "-t",
                    "reembedded",
                    "--dir",
                    index,
                    "--idle-seconds",
                    "2");
            String indexed =
                    CliRun.stdout(
                            "index",
                            "-b",
                            bootstrap,
                            "-t",
                            "reembedded-2",
                            "--dir",
                            index,
                            "--idle-seconds",
                            "2",
                            "--knn");
            assertThat(indexed)
                    .contains((IMAGES + TEST_IMAGES) + " documents (one per method and id)")
                    .contains("model versions {simclr={42=" + (IMAGES + TEST_IMAGES) + "}}");
            String eval =
                    CliRun.stdout(
                            "eval",
                            "knn",
                            "-b",
                            bootstrap,
                            "-t",
                            "reembedded",
                            "--idle-seconds",
                            "2");
            System.out.print(indexed + eval);
            double exact = CliRun.value(eval, "knn_top1");
            assertThat(exact).isBetween(0.2, 0.99);
            assertThat(CliRun.value(indexed, "index_knn_top1")).isCloseTo(exact, within(0.005));
        }
    }

    /** The target topic's records by id, after checking every image is there once, version 42. */
    private static Map<String, EmbeddingRecord> onceEach(Properties client, String topic)
            throws Exception {
        Map<String, EmbeddingRecord> byId = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        new EmbeddingTopicReader(client, topic, WireFormat.singleObject())
                .read(
                        null,
                        Duration.ofSeconds(3),
                        Duration.ofMinutes(1),
                        e -> {
                            byId.put(e.getId(), e);
                            counts.merge(e.getId(), 1, Integer::sum);
                        });
        assertThat(counts).hasSize(IMAGES + TEST_IMAGES);
        assertThat(counts).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(byId.values())
                .allSatisfy(
                        e -> {
                            assertThat(e.getModelVersion()).isEqualTo(42);
                            assertThat(e.getMethod()).isEqualTo("simclr");
                        });
        return byId;
    }
}
