package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two methods side by side in one job ({@code learner.methods}): each method embeds every image
 * exactly once, and each learner trains on every image once with its own state, also across an
 * injected learner failure and with one embeddings topic per method.
 */
class MultiMethodITCase {
    private static final int WAVE = 160;
    private static final List<String> METHODS = List.of("simclr", "moco");

    @TempDir Path checkpoints;

    @BeforeEach
    void forgetEarlierInjections() {
        FaultInjection.reset();
    }

    @Test
    void twoMethodsEachEmbedEveryImageOnceAndEachLearnerTrainsOnEveryImage() throws Exception {
        try (LocalStack stack = LocalStack.start(options())) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            SmallJob.publish(client, 2 * WAVE, 11, "mm-", Map.of());
            Map<String, Integer> byMethodAndId = embeddings(client, "embeddings", 2 * 2 * WAVE);
            assertThat(byMethodAndId).hasSize(2 * 2 * WAVE);
            assertThat(byMethodAndId).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
            for (String method : METHODS) {
                assertThat(byMethodAndId.keySet())
                        .filteredOn(k -> k.startsWith(method + "/"))
                        .hasSize(2 * WAVE);
            }
            assertThat(finalImagesTrained(client))
                    .containsOnly(Map.entry("simclr", 2L * WAVE), Map.entry("moco", 2L * WAVE));
        }
    }

    @Test
    void aLearnerFailureLosesAndRepeatsNothingForEitherMethodEachInItsOwnTopic() throws Exception {
        Map<String, String> options = options();
        options.put("kafka.topics.embeddings-per-method", "true");
        // counted over both learners: the first wave makes 5 steps each, so the 13th step is in
        // the second wave, after the first was checkpointed
        options.put("job.inject-failure", "learner-step@13");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            SmallJob.publish(client, WAVE, 12, "a-", Map.of());
            for (String method : METHODS) {
                assertThat(embeddings(client, "embeddings-" + method, WAVE)).hasSize(WAVE);
            }
            // a checkpoint covers the first wave, on the embedders' and the learners' offsets
            CommittedOffsets.await(client, "streamssl", "images", Duration.ofMinutes(1));
            CommittedOffsets.await(client, "streamssl-learner", "images", Duration.ofMinutes(1));
            SmallJob.publish(client, WAVE, 13, "b-", Map.of());

            for (String method : METHODS) {
                Map<String, Integer> ids = embeddings(client, "embeddings-" + method, 2 * WAVE);
                assertThat(ids).as(method).hasSize(2 * WAVE);
                assertThat(ids).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
                assertThat(ids.keySet()).allMatch(k -> k.startsWith(method + "/"));
            }
            assertThat(FaultInjection.fired(FaultInjection.Point.LEARNER_STEP)).isTrue();
            assertThat(finalImagesTrained(client))
                    .containsOnly(Map.entry("simclr", 2L * WAVE), Map.entry("moco", 2L * WAVE));
        }
    }

    private Map<String, String> options() {
        Map<String, String> options = SmallJob.options(checkpoints);
        options.put("learner.methods", String.join(";", METHODS));
        options.put("learner.snapshot-interval", "2");
        options.put("learner.metrics-interval", "1");
        options.put("moco.queue-size", "256");
        return options;
    }

    /**
     * Committed embeddings counted by method/id, read until {@code atLeast} arrived and then again
     * after a pause (a duplicate written late would show).
     */
    private static Map<String, Integer> embeddings(Properties client, String topic, int atLeast) {
        new EmbeddingTopicReader(client, topic, WireFormat.singleObject())
                .read(r -> r.size() >= atLeast, null, Duration.ofMinutes(4), null);
        Map<String, Integer> counts = new HashMap<>();
        List<EmbeddingRecord> all =
                new EmbeddingTopicReader(client, topic, WireFormat.singleObject())
                        .read(r -> false, Duration.ofSeconds(3), Duration.ofMinutes(1), null);
        all.forEach(e -> counts.merge(e.getMethod() + "/" + e.getId(), 1, Integer::sum));
        return counts;
    }

    /**
     * Each learner's images-trained count once it stops growing. Embedding does not wait for
     * training, so a learner may still be catching up (after a restart, say) when every embedding
     * is in: this waits until each reached the expected count or was quiet for 20 s.
     */
    private static Map<String, Long> finalImagesTrained(Properties client) {
        return MetricsTopic.settledImagesTrained(
                client,
                Map.of("simclr", (long) 2 * WAVE, "moco", (long) 2 * WAVE),
                Duration.ofSeconds(3),
                Duration.ofSeconds(20),
                Duration.ofMinutes(3));
    }
}
