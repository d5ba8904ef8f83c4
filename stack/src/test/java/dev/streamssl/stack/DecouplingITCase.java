package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Embedding keeps flowing while the learner cannot keep up: a learner made slow (DINO with large
 * batches of multi-crop views, seconds per step) on a real broker and MiniCluster, and a stream
 * published at once. Every image is embedded while the learner is still far behind; in sample mode
 * the learner also skips what it cannot take and says so. Delivery is at-least-once here so that
 * embeddings are read as they are written (with exactly-once they appear at each checkpoint, which
 * waits for the learner's step in flight).
 */
class DecouplingITCase {
    private static final int IMAGES = 4096;
    private static final int BATCH = 512;
    private static final int STEPS = IMAGES / BATCH;

    @TempDir Path checkpoints;

    @ParameterizedTest
    @ValueSource(strings = {"every-image", "sample"})
    void embeddingDoesNotWaitForASlowLearner(String mode) throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("job.checkpoint-dir", checkpoints.toUri().toString());
        // exactly-once output becomes visible at checkpoints, and at each checkpoint the embedders
        // wait for the learner's step in flight (the barrier on the broadcast snapshots is
        // aligned): read what the embedders write as they write it, checkpoint rarely
        options.put("job.checkpoint-interval", "60s");
        options.put("kafka.delivery", "at-least-once");
        options.put("learner.method", "dino");
        options.put("learner.mode", mode);
        options.put("learner.batch-size", String.valueOf(BATCH));
        options.put("learner.sample.max-pending", String.valueOf(BATCH));
        options.put("learner.metrics-interval", "1");
        options.put("learner.device", "cpu");
        options.put("dino.local-crops", "8");
        options.put("embedder.batch-size", "256");
        options.put("embedder.flush-interval", "100ms");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            SmallJob.publish(client, IMAGES, 8, "img-", Map.of());
            List<EmbeddingRecord> all =
                    new EmbeddingTopicReader(client, "embeddings", WireFormat.singleObject())
                            .read(r -> r.size() >= IMAGES, null, Duration.ofMinutes(3), null);
            TrainingMetrics atEmbedding = MetricsTopic.newest(MetricsTopic.read(client));
            long trainedWhenEmbedded = atEmbedding == null ? 0 : atEmbedding.getImagesTrained();
            TrainingMetrics reported =
                    MetricsTopic.newest(
                            MetricsTopic.await(client, r -> !r.isEmpty(), Duration.ofMinutes(2)));
            assertThat(reported)
                    .as("the learner reports its training on the metrics topic")
                    .isNotNull();
            assertThat(reported.getMethod()).isEqualTo(method(options));

            Set<String> ids = new HashSet<>();
            all.forEach(e -> ids.add(e.getId()));
            assertThat(ids).hasSize(IMAGES);
            System.out.printf(
                    "%s: learner had trained on %d of %d images when all were embedded%n",
                    mode, trainedWhenEmbedded, IMAGES);
            if (mode.equals("every-image")) {
                // Every image is trained on once, in one of the STEPS steps. A pipeline where
                // embedding waits for training embeds an image with the version of the step that
                // trained it or a later one, so at most (STEPS - 1) batches of images can carry a
                // version older than the last step. More than that means some images of the last
                // step were embedded by an earlier model: embedding ran ahead of training.
                long older = all.stream().filter(e -> e.getModelVersion() < STEPS).count();
                assertThat(older)
                        .as("embeddings made by a model older than step %d", STEPS)
                        .isGreaterThan((long) (STEPS - 1) * BATCH);
            }
            if (mode.equals("sample")) {
                TrainingMetrics last =
                        MetricsTopic.newest(
                                MetricsTopic.await(
                                        client,
                                        r ->
                                                !r.isEmpty()
                                                        && MetricsTopic.newest(r).getImagesSkipped()
                                                                > 0,
                                        Duration.ofMinutes(2)));
                // the learner kept to the head of the stream: what it could not take was skipped
                assertThat(last.getImagesSkipped()).isPositive();
                assertThat(last.getImagesTrained() + last.getImagesSkipped())
                        .isLessThanOrEqualTo(IMAGES);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void withTheLearnerOffEveryImageIsEmbeddedByTheInitialWeights() throws Exception {
        Map<String, String> options = SmallJob.options(checkpoints);
        options.put("job.decode-parallelism", "2");
        options.put("learner.mode", "off");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            SmallJob.publish(client, 200, 3, "off-", Map.of());
            Map<String, Integer> ids =
                    TopicKeys.count(
                            client,
                            "embeddings",
                            200,
                            Duration.ofSeconds(3),
                            Duration.ofMinutes(2));
            assertThat(ids).hasSize(200).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            List<EmbeddingRecord> all =
                    new EmbeddingTopicReader(client, "embeddings", WireFormat.singleObject())
                            .read(r -> r.size() >= 200, null, Duration.ofMinutes(1), null);
            assertThat(all).allSatisfy(e -> assertThat(e.getModelVersion()).isZero());
            assertThat(MetricsTopic.read(client)).isEmpty();
        }
    }

    private static String method(Map<String, String> options) {
        return options.getOrDefault("learner.method", "simclr");
    }
}
