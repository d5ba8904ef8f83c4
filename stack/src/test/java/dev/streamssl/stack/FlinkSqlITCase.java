package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON copy of the embeddings ({@code kafka.topics.embeddings-json}) as connectors and Flink
 * SQL read it: every embedding once, with the fields of the Avro record, and the {@code CREATE
 * TABLE} of docs/interop.md, run by Flink SQL on a MiniCluster, counts embeddings per model version
 * and label exactly as the Avro topic holds them and reads the vector as {@code ARRAY<FLOAT>}.
 */
class FlinkSqlITCase {
    private static final Path INTEROP = Path.of("..", "docs", "interop.md");

    private static final int IMAGES = 96;

    @TempDir Path work;

    @Test
    void flinkSqlReadsTheJsonEmbeddings() throws Exception {
        Map<String, String> options = SmallJob.options(work.resolve("checkpoints"));
        options.put("kafka.topics.embeddings-json", "embeddings-json");
        try (LocalStack stack = LocalStack.start(options)) {
            stack.startJob();
            Properties client = stack.kafka().clientProperties();
            SmallJob.publish(client, IMAGES, 7, "q", Map.of("split", "test"));
            Map<String, Integer> keys =
                    TopicKeys.count(
                            client,
                            "embeddings-json",
                            IMAGES,
                            Duration.ofSeconds(4),
                            Duration.ofMinutes(3));
            assertThat(keys).hasSize(IMAGES);
            assertThat(keys.values()).containsOnly(1);

            Map<String, EmbeddingRecord> avro = new HashMap<>();
            for (EmbeddingRecord e :
                    new EmbeddingTopicReader(client, "embeddings", WireFormat.singleObject())
                            .read(r -> r.size() >= IMAGES, null, Duration.ofMinutes(1), null)) {
                avro.put(e.getId(), e);
            }
            // each JSON object holds its Avro record's fields
            ObjectMapper mapper = new ObjectMapper();
            for (String value : values(client, "embeddings-json")) {
                JsonNode j = mapper.readTree(value);
                EmbeddingRecord e = avro.get(j.get("id").asText());
                assertThat(e).as(value).isNotNull();
                assertThat(j.get("method").asText()).isEqualTo(e.getMethod());
                assertThat(j.get("modelVersion").asLong()).isEqualTo(e.getModelVersion());
                assertThat(j.get("label").asInt()).isEqualTo(e.getLabel());
                assertThat(j.get("split").asText()).isEqualTo("test");
                assertThat(j.get("cluster").isNull()).isTrue();
                assertThat(j.get("timestampMs").asLong()).isEqualTo(e.getTimestampMs());
                assertThat(j.get("vector")).hasSize(e.getVector().size());
                for (int i = 0; i < e.getVector().size(); i++) {
                    assertThat(j.get("vector").get(i).floatValue()).isEqualTo(e.getVector().get(i));
                }
            }

            TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
            // the table and the query exactly as docs/interop.md gives them to users
            List<String> documented = DocumentedSql.block(INTEROP, "CREATE TABLE embeddings (");
            sql.executeSql(
                    documented
                            .get(0)
                            .replace(
                                    "'localhost:9092'",
                                    "'" + stack.kafka().bootstrapServers() + "'"));
            Map<String, Long> expected = new HashMap<>();
            for (EmbeddingRecord e : avro.values()) {
                expected.merge(e.getModelVersion() + "/" + e.getLabel(), 1L, Long::sum);
            }
            Map<String, Long> counted = new HashMap<>();
            try (CloseableIterator<Row> rows = sql.executeSql(documented.get(1)).collect()) {
                while (rows.hasNext()) {
                    Row r = rows.next();
                    counted.put(r.getField(0) + "/" + r.getField(1), (Long) r.getField(2));
                    assertThat(r.getField(3)).isEqualTo(128);
                    assertThat(r.getField(4)).isEqualTo(128);
                }
            }
            assertThat(counted).isEqualTo(expected);

            EmbeddingRecord first = avro.get("q0");
            try (CloseableIterator<Row> rows =
                    sql.executeSql(
                                    "SELECT `vector`[1], `vector`[128] FROM embeddings WHERE"
                                            + " `id` = 'q0'")
                            .collect()) {
                Row r = rows.next();
                assertThat(r.getField(0)).isEqualTo(first.getVector().get(0));
                assertThat(r.getField(1)).isEqualTo(first.getVector().get(127));
                assertThat(rows.hasNext()).isFalse();
            }
        }
    }

    /** Every value on a topic, read committed. */
    private static List<String> values(Properties client, String topic) {
        Properties props = new Properties();
        props.putAll(client);
        props.put("isolation.level", "read_committed");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new java.util.ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
