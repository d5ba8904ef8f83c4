package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.DeadLetter;
import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.Encoding;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path for real: an in-process KRaft broker, the job on a Flink MiniCluster with a SimCLR
 * learner on libtorch, two decoders and two embedders, exactly-once sinks.
 */
class PipelineITCase {
    @TempDir Path checkpoints;

    @Test
    void embedsEveryImageOnceAndDeadLettersTheCorruptOnes() throws Exception {
        Map<String, String> options = SmallJob.options(checkpoints);
        options.put("job.decode-parallelism", "2");
        options.put("job.embedder-parallelism", "2");
        options.put("learner.snapshot-interval", "3");
        options.put("learner.metrics-interval", "2");
        options.put("embedder.batch-size", "32");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                long sent =
                        new ImagePublisher(producer, "images", WireFormat.singleObject())
                                .publish(
                                        new SyntheticImages(512, 1, "syn-"),
                                        Map.of("split", "train"),
                                        ImagePublisher.Budget.onePass(),
                                        null);
                assertThat(sent).isEqualTo(512);
                publishCorrupt(producer);
            }
            stack.startJob();

            EmbeddingTopicReader reader =
                    new EmbeddingTopicReader(client, "embeddings", WireFormat.singleObject());
            List<EmbeddingRecord> first =
                    reader.read(r -> r.size() >= 512, null, Duration.ofMinutes(3), null);
            assertThat(first).hasSizeGreaterThanOrEqualTo(512);
            // read again until nothing new came for longer than a checkpoint takes to commit its
            // transactions: a duplicate would show up now
            List<EmbeddingRecord> all =
                    reader.read(r -> false, Duration.ofSeconds(3), Duration.ofSeconds(30), null);

            assertThat(all).hasSize(512);
            Set<String> ids = new HashSet<>();
            for (EmbeddingRecord e : all) {
                ids.add(e.getId());
                assertThat(e.getVector()).hasSize(128);
                assertThat(e.getMethod()).isEqualTo("simclr");
                assertThat(e.getTags()).containsEntry("split", "train");
                assertThat(e.getLabel()).isEqualTo(Integer.parseInt(e.getId().substring(4)) % 10);
            }
            assertThat(ids).hasSize(512);
            assertVersionsNeverDecreasePerEmbedder(client);

            List<DeadLetter> letters = readAll(client, "dead-letters", WireCodec.deadLetters(), 3);
            assertThat(letters)
                    .extracting(DeadLetter::getReason)
                    .containsExactlyInAnyOrder(
                            DeadLetterReason.UNREADABLE_RECORD,
                            DeadLetterReason.SIZE_MISMATCH,
                            DeadLetterReason.BAD_DIMENSIONS);
            assertThat(letters).allSatisfy(l -> assertThat(l.getMessage()).isNotBlank());

            List<TrainingMetrics> metrics = readAll(client, "metrics", WireCodec.metrics(), 1);
            assertThat(metrics).isNotEmpty();
            assertThat(metrics.get(metrics.size() - 1).getStep()).isGreaterThan(0);
            assertThat(metrics).allSatisfy(m -> assertThat(m.getLoss()).isFinite());
        }
    }

    private static void publishCorrupt(KafkaProducer<String, byte[]> producer) throws Exception {
        WireCodec<ImageRecord> codec = WireCodec.images();
        producer.send(new ProducerRecord<>("images", "garbage", new byte[] {0x13, 0x37, 0x00}))
                .get();
        ImageRecord shortRaw =
                ImageRecord.newBuilder()
                        .setId("short-raw")
                        .setTimestampMs(1)
                        .setEncoding(Encoding.RAW_U8)
                        .setWidth(28)
                        .setHeight(28)
                        .setChannels(1)
                        .setData(ByteBuffer.wrap(new byte[100]))
                        .build();
        producer.send(new ProducerRecord<>("images", "short-raw", codec.encode(shortRaw))).get();
        ImageRecord bomb =
                ImageRecord.newBuilder()
                        .setId("bomb")
                        .setTimestampMs(1)
                        .setEncoding(Encoding.PNG)
                        .setWidth(100_000)
                        .setHeight(100_000)
                        .setChannels(3)
                        .setData(ByteBuffer.wrap(new byte[64]))
                        .build();
        producer.send(new ProducerRecord<>("images", "bomb", codec.encode(bomb))).get();
    }

    /** Within one embedder's output, in write order, model versions never go down. */
    private static void assertVersionsNeverDecreasePerEmbedder(Properties client) throws Exception {
        WireCodec<EmbeddingRecord> codec = WireCodec.embeddings();
        Map<String, Long> lastVersion = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            KafkaClients.assignFromBeginning(consumer, "embeddings");
            int seen = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen < 512 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    EmbeddingRecord e = codec.decode(r.value());
                    String writer = e.getEmbedderSubtask() + "/" + r.partition();
                    Long previous = lastVersion.put(writer, e.getModelVersion());
                    if (previous != null) {
                        assertThat(e.getModelVersion())
                                .as("version after %s on %s", previous, writer)
                                .isGreaterThanOrEqualTo(previous);
                    }
                    seen++;
                }
            }
            assertThat(seen).isEqualTo(512);
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> readAll(
            Properties client, String topic, WireCodec<T> codec, int atLeast) throws Exception {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(client)) {
            KafkaClients.assignFromBeginning(consumer, topic);
            long deadline = System.currentTimeMillis() + 30_000;
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline
                    && (out.size() < atLeast || System.currentTimeMillis() - quietSince < 2000)) {
                var batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : batch) {
                    out.add(codec.decode(r.value()));
                }
                if (!batch.isEmpty()) {
                    quietSince = System.currentTimeMillis();
                }
            }
        }
        return out;
    }
}
