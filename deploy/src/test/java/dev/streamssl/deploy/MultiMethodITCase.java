package dev.streamssl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormatException;
import dev.streamssl.tools.eval.EmbeddingTopicReader;
import dev.streamssl.tools.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two methods side by side in one job ({@code learner.methods}): each method embeds every image
 * exactly once, and each learner trains on every image with its own state.
 */
class MultiMethodITCase {
    private static final int IMAGES = 320;

    @TempDir Path checkpoints;

    @Test
    void twoMethodsEachEmbedEveryImageOnceAndEachLearnerTrainsOnEveryImage() throws Exception {
        Map<String, String> options = SmallJob.options(checkpoints);
        options.put("learner.methods", "simclr;moco");
        options.put("learner.snapshot-interval", "2");
        options.put("learner.metrics-interval", "1");
        options.put("moco.queue-size", "256");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            SmallJob.publish(client, IMAGES, 11, "mm-", Map.of());
            new EmbeddingTopicReader(client, "embeddings")
                    .read(r -> r.size() >= 2 * IMAGES, null, Duration.ofMinutes(4), null);
            // read again after a pause: a duplicate written late would show now
            Thread.sleep(3000);
            Map<String, Integer> again = new HashMap<>();
            List<EmbeddingRecord> all =
                    new EmbeddingTopicReader(client, "embeddings")
                            .read(r -> false, Duration.ofSeconds(4), Duration.ofMinutes(1), null);
            all.forEach(e -> again.merge(e.getMethod() + "/" + e.getId(), 1, Integer::sum));

            assertThat(again).hasSize(2 * IMAGES);
            assertThat(again).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
            assertThat(again.keySet()).filteredOn(k -> k.startsWith("simclr/")).hasSize(IMAGES);
            assertThat(again.keySet()).filteredOn(k -> k.startsWith("moco/")).hasSize(IMAGES);

            // both learners trained on every image
            Map<String, Long> lastStep = new HashMap<>();
            WireCodec<TrainingMetrics> codec = WireCodec.metrics();
            try (var consumer = KafkaClients.reader(client)) {
                KafkaClients.assignFromBeginning(consumer, "metrics");
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline
                        && (lastStep.getOrDefault("simclr", 0L) < IMAGES / 32
                                || lastStep.getOrDefault("moco", 0L) < IMAGES / 32)) {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            TrainingMetrics m = codec.decode(r.value());
                            lastStep.merge(m.getMethod(), m.getStep(), Math::max);
                            System.err.println(
                                    "DEBUGM "
                                            + m.getMethod()
                                            + " step "
                                            + m.getStep()
                                            + " seen "
                                            + m.getImagesSeen()
                                            + " nonfinite "
                                            + m.getNonFiniteSteps()
                                            + " loss "
                                            + m.getLoss());
                        } catch (WireFormatException e) {
                            // a live kNN report
                        }
                    }
                }
            }
            Set<String> methods = new HashSet<>(lastStep.keySet());
            assertThat(methods).containsExactlyInAnyOrder("simclr", "moco");
            assertThat(lastStep)
                    .as("last step per method")
                    .containsEntry("simclr", (long) IMAGES / 32);
            assertThat(lastStep.get("moco")).isEqualTo(IMAGES / 32);
        }
    }
}
