package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.producers.kafka.TopicAdmin;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.stack.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamssl index} on a real broker into a real Lucene directory: two methods' embeddings of
 * the same images are separate documents, kNN on such an index names its method, and a job's model
 * versions that restart below the indexed ones are refused with the way out ({@code --rebuild}).
 */
class IndexCommandITCase {
    private static final int IMAGES = 60;
    private static EmbeddedKafka kafka;

    @TempDir Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void twoMethodsOfTheSameImagesAreIndexedAndScoredApart() throws Exception {
        List<EmbeddingRecord> records = new ArrayList<>(embeddings("simclr", 5, 0));
        records.addAll(embeddings("moco", 5, 1));
        publish("two-methods", records);
        String index = dir.resolve("index").toString();
        String indexed = run(0, "-t", "two-methods", "--dir", index).out();
        assertThat(indexed)
                .contains(2 * IMAGES + " documents (one per method and id)")
                .contains("model versions {moco={5=" + IMAGES + "}, simclr={5=" + IMAGES + "}}");
        // moco puts class c where simclr puts class c + 1: mixed into one search, simclr's test
        // images would find as many moco train images of the wrong class as simclr ones
        String simclr =
                run(0, "-t", "two-methods", "--dir", index, "--method", "simclr", "--knn").out();
        assertThat(simclr).contains("index_knn_top1=1.0000 (method simclr");
    }

    @Test
    void knnOnAnIndexOfSeveralMethodsNeedsOne() throws Exception {
        List<EmbeddingRecord> records = new ArrayList<>(embeddings("simclr", 5, 0));
        records.addAll(embeddings("byol", 5, 1));
        publish("mixed", records);
        Run refused = run(2, "-t", "mixed", "--dir", dir.resolve("index").toString(), "--knn");
        assertThat(refused.err())
                .contains("several methods [byol, simclr]")
                .contains("choose one with --method");
    }

    @Test
    void versionsRestartedBelowTheIndexedOnesAreRefusedUntilRebuilt() throws Exception {
        publish("first-run", embeddings("simclr", 5, 0));
        publish("restarted", embeddings("simclr", 0, 0).subList(0, 10));
        String index = dir.resolve("index").toString();
        run(0, "-t", "first-run", "--dir", index);
        Run restarted = run(2, "-t", "restarted", "--dir", index);
        assertThat(restarted.out())
                .contains(
                        "skipped 10 simclr embeddings of model versions 0..0, older than its"
                                + " indexed version 5");
        assertThat(restarted.err())
                .contains("holds simclr at model version 5")
                .contains("restarted from scratch")
                .contains("--rebuild");
        String rebuilt = run(0, "-t", "restarted", "--dir", index, "--rebuild").out();
        assertThat(rebuilt).contains("10 documents").contains("model versions {simclr={0=10}}");
    }

    /** Labelled embeddings of the same {@link #IMAGES} ids: class c near axis (c + shift) mod 3. */
    private static List<EmbeddingRecord> embeddings(String method, long version, int shift) {
        List<EmbeddingRecord> out = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            int label = i % 3;
            List<Float> v = new ArrayList<>();
            for (int j = 0; j < 8; j++) {
                v.add(j == (label + shift) % 3 ? 1f : 0.05f * ((i * 7 + j) % 5));
            }
            out.add(
                    EmbeddingRecord.newBuilder()
                            .setId("img-" + i)
                            .setTimestampMs(1L)
                            .setMethod(method)
                            .setModelVersion(version)
                            .setVector(v)
                            .setCluster(null)
                            .setLabel(label)
                            .setTags(Map.of("split", i < 45 ? "train" : "test"))
                            .setEmbedderSubtask(0)
                            .build());
        }
        return out;
    }

    private static void publish(String topic, List<EmbeddingRecord> records) throws Exception {
        TopicAdmin.ensure(kafka.clientProperties(), Map.of(topic, 1), (short) 1);
        WireCodec<EmbeddingRecord> codec = WireCodec.embeddings();
        try (KafkaProducer<String, byte[]> producer =
                KafkaClients.producer(kafka.clientProperties())) {
            for (EmbeddingRecord e : records) {
                producer.send(new ProducerRecord<>(topic, e.getId(), codec.encode(e)));
            }
        }
    }

    private record Run(String out, String err) {}

    /**
     * {@code streamssl index -b BROKER --idle-seconds 2 ARGS}, checked to exit with {@code exit}.
     */
    private static Run run(int exit, String... args) {
        List<String> all =
                new ArrayList<>(
                        List.of("index", "-b", kafka.bootstrapServers(), "--idle-seconds", "2"));
        all.addAll(List.of(args));
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = StreamsslCli.execute(all.toArray(new String[0]));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        assertThat(code).as(String.join(" ", all) + "\n" + out + err).isEqualTo(exit);
        return new Run(out.toString(), err.toString());
    }
}
