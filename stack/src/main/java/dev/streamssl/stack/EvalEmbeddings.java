package dev.streamssl.stack;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.schemas.EmbeddingRecord;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The embeddings of the demo's bank and test set (tag {@code phase=eval}), read from the embeddings
 * topic until each method's embedders have embedded every one of those images once.
 *
 * @param received every embedding read, of any phase
 * @param eval those of the eval phase
 */
record EvalEmbeddings(int received, List<EmbeddingRecord> eval) {
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    /** Reads until {@code images} eval images are embedded by each of the job's methods. */
    static EvalEmbeddings read(Properties client, JobSettings settings, int images) {
        int expected = images * settings.methods().size();
        EmbeddingTopicReader reader =
                new EmbeddingTopicReader(
                        client, settings.get(KafkaOptions.EMBEDDINGS_TOPIC), settings.wireFormat());
        List<EmbeddingRecord> all =
                reader.read(
                        r -> r.stream().filter(EvalEmbeddings::isEval).count() >= expected,
                        null,
                        PATIENCE,
                        null);
        return new EvalEmbeddings(all.size(), all.stream().filter(EvalEmbeddings::isEval).toList());
    }

    private static boolean isEval(EmbeddingRecord e) {
        return "eval".equals(e.getTags().get("phase"));
    }
}
