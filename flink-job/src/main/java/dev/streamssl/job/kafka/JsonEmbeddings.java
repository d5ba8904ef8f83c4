package dev.streamssl.job.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * An embedding as schemaless JSON, for consumers that read neither Avro nor a schema registry:
 * Kafka Connect sinks of vector stores and databases, Flink SQL's {@code 'format' = 'json'}, a
 * script. One flat object per image, keyed like the Avro record by the image id:
 *
 * <pre>{"id": "...", "vector": [0.12, ...], "method": "simclr", "modelVersion": 500,
 *  "label": 3, "split": "test", "cluster": null, "timestampMs": 1764...}</pre>
 *
 * {@code label}, {@code split} (the image's {@code split} tag) and {@code cluster} are null where
 * the image has none. The Avro record on the embeddings topic stays the reference; this is a copy
 * written in the same checkpoints.
 */
public final class JsonEmbeddings extends RichMapFunction<EncodedRecord, EncodedRecord> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireFormat wire;
    private final String avroTopic;
    private transient WireCodec<EmbeddingRecord> codec;

    /** Copies records framed as {@code wire} frames them for {@code avroTopic}. */
    public JsonEmbeddings(WireFormat wire, String avroTopic) {
        this.wire = wire;
        this.avroTopic = avroTopic;
    }

    @Override
    public void open(OpenContext context) {
        codec = wire.embeddings(avroTopic);
    }

    @Override
    public EncodedRecord map(EncodedRecord avro) throws Exception {
        EmbeddingRecord e = codec.decode(avro.value);
        return new EncodedRecord(avro.key, toJson(e));
    }

    /** The JSON object of one embedding, UTF-8. */
    public static byte[] toJson(EmbeddingRecord e) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.getId().toString());
        ArrayNode vector = o.putArray("vector");
        for (Float x : e.getVector()) {
            vector.add(x.floatValue());
        }
        o.put("method", e.getMethod().toString());
        o.put("modelVersion", e.getModelVersion());
        o.put("label", e.getLabel());
        CharSequence split = e.getTags() == null ? null : e.getTags().get("split");
        o.put("split", split == null ? null : split.toString());
        o.put("cluster", e.getCluster());
        o.put("timestampMs", e.getTimestampMs());
        return JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
    }
}
