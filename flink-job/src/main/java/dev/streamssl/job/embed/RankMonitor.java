package dev.streamssl.job.embed;

import dev.streamssl.learner.metrics.CollapseAlarms;
import dev.streamssl.learner.metrics.EffectiveRank;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rank monitor of one embedder: the effective rank (RankMe, {@link EffectiveRank}) of a flushed
 * batch of embeddings as a live collapse indicator, and the {@link CollapseAlarms} alarm it raises,
 * logged when it rises and when it clears. The rank costs tens of milliseconds of CPU, so it is
 * sampled at most every {@link #INTERVAL_MILLIS}, not computed per batch.
 */
final class RankMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(RankMonitor.class);
    static final long INTERVAL_MILLIS = 5_000;

    private final int subtask;
    private double effectiveRank = Double.NaN;
    private long lastMillis = Long.MIN_VALUE / 2; // the first batch is measured
    private boolean collapsed;

    /**
     * @param subtask the embedder subtask, for the log
     */
    RankMonitor(int subtask) {
        this.subtask = subtask;
    }

    /** Its gauges, {@code effectiveRank} and {@code collapseAlarms}, in the embedder's group. */
    void register(MetricGroup metrics) {
        metrics.gauge("effectiveRank", () -> effectiveRank);
        metrics.gauge("collapseAlarms", () -> collapsed ? 1 : 0);
    }

    /**
     * Measures the batch {@code vectors} of {@code modelVersion} when the last measurement is at
     * least {@link #INTERVAL_MILLIS} before {@code now} (processing time, ms).
     */
    void observe(float[][] vectors, long now, long modelVersion) {
        if (vectors.length < 2 || now - lastMillis < INTERVAL_MILLIS) {
            return;
        }
        effectiveRank = EffectiveRank.of(vectors);
        lastMillis = now;
        // the rank is the one indicator an embedder has: the others are the learner's
        List<String> alarms =
                CollapseAlarms.check(
                        new CollapseAlarms.Indicators(
                                Double.NaN,
                                effectiveRank,
                                Double.NaN,
                                Double.NaN,
                                0,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN));
        if (alarms.isEmpty() == collapsed) {
            collapsed = !alarms.isEmpty();
            if (collapsed) {
                LOG.warn(
                        "embedder subtask {}: collapse alarm at model version {}: {}",
                        subtask,
                        modelVersion,
                        alarms.get(0));
            } else {
                LOG.info(
                        "embedder subtask {}: collapse alarm cleared at model version {}",
                        subtask,
                        modelVersion);
            }
        }
    }
}
