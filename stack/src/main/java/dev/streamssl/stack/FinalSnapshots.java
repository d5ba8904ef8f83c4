package dev.streamssl.stack;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.schemas.TrainingMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of the demo's training: each learner's report once it has trained on the images streamed
 * (all that fill a batch) and published the snapshot of that last step, so the embedders embed the
 * bank and test set with the final model.
 */
final class FinalSnapshots {
    private static final Duration PATIENCE = Duration.ofMinutes(30);

    private FinalSnapshots() {}

    /** Each method's last report, in the order of the job's methods. */
    static Map<String, TrainingMetrics> await(
            MetricsWatcher metrics, JobSettings settings, int batch, long streamed)
            throws InterruptedException {
        long expected = expectedImages(settings.learnerParallelism(), batch, streamed);
        Map<String, TrainingMetrics> last = new LinkedHashMap<>();
        for (String method : settings.methods()) {
            last.put(method, await(metrics, method, expected));
        }
        return last;
    }

    /**
     * The images the learners train on out of {@code streamed}: each trains on full batches, so
     * with several learners each may keep less than a batch of its partitions' images waiting.
     */
    static long expectedImages(int learners, int batch, long streamed) {
        return learners == 1 ? streamed / batch * batch : streamed - (long) learners * (batch - 1);
    }

    private static TrainingMetrics await(MetricsWatcher metrics, String method, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            TrainingMetrics m = metrics.latest(method);
            if (m != null
                    && m.getImagesTrained() >= expected
                    && m.getPublishedModelVersion() == m.getStep()) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "the "
                        + method
                        + " learner did not finish training on the published images within 30"
                        + " minutes");
    }
}
