package dev.streamssl.stack;

import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.WireFormat;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The job options the integration tests start from: checkpoints every second into a test's folder,
 * batches of 32 on the CPU, embeddings flushed every 100 ms, so that a few hundred images make
 * several steps, snapshots and checkpoints within seconds. Tests add what they are about.
 */
public final class SmallJob {
    private SmallJob() {}

    public static Map<String, String> options(Path checkpoints) {
        Map<String, String> options = new HashMap<>();
        options.put("job.checkpoint-dir", checkpoints.toUri().toString());
        options.put("job.checkpoint-interval", "1s");
        options.put("learner.batch-size", "32");
        options.put("learner.device", "cpu");
        options.put("embedder.flush-interval", "100ms");
        return options;
    }

    /**
     * The small job on photos: RGB input of 32 pixels decoded at 40 (so the learner crops), mean
     * 0.5 and std 0.25 per channel, batches of {@code batch} for learner and embedder.
     */
    public static Map<String, String> rgbOptions(Path checkpoints, int batch) {
        Map<String, String> options = options(checkpoints);
        options.put("input.channels", "3");
        options.put("input.image-size", "32");
        options.put("input.decode-size", "40");
        options.put("input.mean", "0.5;0.5;0.5");
        options.put("input.std", "0.25;0.25;0.25");
        options.put("learner.batch-size", String.valueOf(batch));
        options.put("embedder.batch-size", String.valueOf(batch));
        return options;
    }

    /** Publishes {@code count} synthetic images (ids {@code prefix}0…) to the images topic. */
    public static void publish(
            Properties client, int count, long seed, String prefix, Map<String, String> tags) {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
            new ImagePublisher(producer, "images", WireFormat.singleObject())
                    .publish(
                            new SyntheticImages(count, seed, prefix),
                            tags,
                            ImagePublisher.Budget.onePass(),
                            null);
        }
    }
}
