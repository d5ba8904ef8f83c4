package dev.streamssl.stack;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The embeddings of held-out probe images, read from the embeddings topic once all are there. */
public final class ProbeEmbeddings {
    private ProbeEmbeddings() {}

    /** By id: the records whose id starts with {@code prefix}, waiting up to two minutes. */
    public static Map<String, EmbeddingRecord> read(Properties client, String prefix, int count) {
        Map<String, EmbeddingRecord> probes = new LinkedHashMap<>();
        new EmbeddingTopicReader(client, "embeddings", WireFormat.singleObject())
                .read(
                        r -> r.stream().filter(e -> e.getId().startsWith(prefix)).count() >= count,
                        null,
                        Duration.ofMinutes(2),
                        e -> {
                            if (e.getId().startsWith(prefix)) {
                                probes.put(e.getId(), e);
                            }
                        });
        return probes;
    }
}
