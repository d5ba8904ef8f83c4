package dev.streamssl.consumers.eval;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads an embeddings topic from the beginning (read_committed), decoding every record. Reading
 * stops when a condition on what was read holds, when nothing new arrived for {@code idle}, or at
 * {@code timeout}. Values that do not decode are counted, not fatal.
 */
public final class EmbeddingTopicReader {
    private final Properties clientProperties;
    private final String topic;
    private final WireCodec<EmbeddingRecord> codec;
    private long undecodable;

    public EmbeddingTopicReader(Properties clientProperties, String topic, WireFormat wire) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.codec = wire.embeddings(topic);
    }

    public long undecodable() {
        return undecodable;
    }

    /** Reads until {@code done} holds for the records read so far, or until idle/timeout. */
    public List<EmbeddingRecord> read(
            Predicate<List<EmbeddingRecord>> done,
            Duration idle,
            Duration timeout,
            Consumer<EmbeddingRecord> each) {
        List<EmbeddingRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(clientProperties)) {
            KafkaClients.assignFromBeginning(consumer, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastArrival = System.nanoTime();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : batch) {
                    try {
                        EmbeddingRecord e = codec.decode(r.value());
                        records.add(e);
                        if (each != null) {
                            each.accept(e);
                        }
                    } catch (WireFormatException ex) {
                        undecodable++;
                    }
                }
                if (!batch.isEmpty()) {
                    lastArrival = System.nanoTime();
                }
                if (done != null && done.test(records)) {
                    break;
                }
                if (idle != null && System.nanoTime() - lastArrival > idle.toNanos()) {
                    break;
                }
            }
        }
        return records;
    }
}
