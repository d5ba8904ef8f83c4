package dev.streamssl.stack;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LoopingCursor;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.TrainingMetrics;
import java.io.PrintStream;
import java.util.List;

/**
 * The demo's training stream: the training set published a batch at a time, looping, until the
 * image or time budget is spent, never more than a window of batches ahead of what the slowest
 * learner reports trained (so the budget ends when the learners have seen it, not when the broker
 * holds it), with a progress line every 15 s.
 */
final class TrainingStream {
    private static final int LAG_WINDOW_BATCHES = 12;
    private static final long PROGRESS_NANOS = 15_000_000_000L;

    private final DemoPublisher publisher;
    private final MetricsWatcher metrics;
    private final List<String> methods;
    private final int batch;
    private final long window;
    private final PrintStream out;

    TrainingStream(
            DemoPublisher publisher,
            MetricsWatcher metrics,
            JobSettings settings,
            int batch,
            PrintStream out) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.methods = settings.methods();
        this.batch = batch;
        this.window = (long) lagWindowBatches(settings) * batch;
        this.out = out;
    }

    /**
     * How many batches the demo publishes ahead of what the learners report trained. Several
     * learners report at their averaging rounds, which need a round's batches from each learner:
     * twice that.
     */
    static int lagWindowBatches(JobSettings settings) {
        int learners = settings.learnerParallelism();
        return learners == 1
                ? LAG_WINDOW_BATCHES
                : Math.max(
                        LAG_WINDOW_BATCHES, 2 * learners * settings.get(LearnerOptions.SYNC_EVERY));
    }

    /**
     * Publishes until {@code trainImages} are sent or {@code trainSeconds} have passed (0: no such
     * limit); returns the images sent.
     */
    long publish(ImageSource train, long trainImages, long trainSeconds)
            throws InterruptedException {
        long budgetImages = trainImages > 0 ? trainImages : Long.MAX_VALUE;
        long deadline =
                trainSeconds > 0
                        ? System.nanoTime() + trainSeconds * 1_000_000_000L
                        : Long.MAX_VALUE;
        long published = 0;
        long startNanos = System.nanoTime();
        long lastReport = startNanos;
        LoopingCursor stream = new LoopingCursor(train, true);
        while (published < budgetImages && System.nanoTime() < deadline) {
            TrainingMetrics m = metrics.latest(methods.get(0));
            // the slowest learner sets the pace
            long seen = metrics.slowestImagesTrained(methods);
            if (published - seen >= window) {
                Thread.sleep(20);
                continue;
            }
            long chunk = Math.min(batch, budgetImages - published);
            published += publisher.train(stream, train.describe(), (int) chunk);
            if (System.nanoTime() - lastReport > PROGRESS_NANOS && m != null) {
                progress(m, startNanos);
                lastReport = System.nanoTime();
            }
        }
        return published;
    }

    /** The first method's step, loss, rate and speed, and its live kNN when one is reported. */
    private void progress(TrainingMetrics m, long startNanos) {
        KnnReport live = metrics.latestKnn(methods.get(0));
        out.printf(
                "  step %d, loss %.4f, lr %.4f, %.0f images/s so far, %d images trained%s%n",
                m.getStep(),
                m.getLoss(),
                m.getLearningRate(),
                m.getImagesTrained() / ((System.nanoTime() - startNanos) / 1e9),
                m.getImagesTrained(),
                live == null
                        ? ""
                        : String.format(
                                ", live kNN %.3f (version %d)",
                                live.getTop1(), live.getModelVersion()));
    }
}
