package dev.streamssl.deploy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The job options the integration tests start from: checkpoints every second into a test's folder,
 * batches of 32 on the CPU, embeddings flushed every 100 ms, so that a few hundred images make
 * several steps, snapshots and checkpoints within seconds. Tests add what they are about.
 */
final class SmallJob {
    private SmallJob() {}

    static Map<String, String> options(Path checkpoints) {
        Map<String, String> options = new HashMap<>();
        options.put("job.checkpoint-dir", checkpoints.toUri().toString());
        options.put("job.checkpoint-interval", "1s");
        options.put("learner.batch-size", "32");
        options.put("learner.device", "cpu");
        options.put("embedder.flush-interval", "100ms");
        return options;
    }
}
