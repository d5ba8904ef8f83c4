package dev.streamssl.learner.drift;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * The drift alarm of a learner: the first {@code referenceSize} images of the stream are the
 * reference, the last {@code window} images the recent window; every {@code every} images a check
 * embeds both with the model's current weights (a reference is only comparable under the same model
 * version, so the images are kept, not their embeddings) and runs {@link MmdDrift} on them, its
 * threshold calibrated for {@code falseAlarmRate}. After an alarm the reference is taken anew from
 * the images that follow, so each change of the stream raises one alarm rather than every check
 * after it.
 *
 * <p>Its cost is one inference pass over {@code referenceSize + window} images per check (640 per 1
 * 024 images by default) and the calibration's 1 000 splits of the reference's kernel matrix.
 */
public final class DriftCheck {
    /** One check: after {@code images} training images, the statistic and its threshold. */
    public record Result(long images, double statistic, double threshold) {
        public boolean drifted() {
            return statistic > threshold;
        }
    }

    /** Settings of the check; {@code every} 0 turns it off. */
    public record Settings(int referenceSize, int window, long every, double falseAlarmRate) {
        public static final Settings DEFAULT = new Settings(512, 128, 1024, 0.005);
        public static final Settings OFF = new Settings(512, 128, 0, 0.005);
    }

    private static final int NULL_DRAWS = 1000;

    private final Settings settings;
    private final List<byte[]> reference = new ArrayList<>();
    private final Deque<byte[]> recent = new ArrayDeque<>();
    // the latest checks only: a job checks every few seconds for as long as it runs
    private static final int KEPT_RESULTS = 4096;
    private final Deque<Result> results = new ArrayDeque<>();
    private long checks;
    private long alarms;
    private long seen;
    private long nextCheck;

    public DriftCheck(Settings settings) {
        if (settings.every() > 0 && settings.referenceSize() < 2 * settings.window()) {
            throw new IllegalArgumentException(
                    "drift.reference-size = "
                            + settings.referenceSize()
                            + " must be at least twice drift.window = "
                            + settings.window());
        }
        this.settings = settings;
        this.nextCheck = settings.referenceSize() + settings.every();
    }

    /** The settings it checks with. */
    public Settings settings() {
        return settings;
    }

    /** Whether checks run at all. */
    public boolean on() {
        return settings.every() > 0;
    }

    /** The checks so far, the latest 4 096 of them, oldest first. */
    public List<Result> results() {
        return List.copyOf(results);
    }

    /** The latest check, or null before the first. */
    public Result last() {
        return results.peekLast();
    }

    /** Checks run so far. */
    public long checks() {
        return checks;
    }

    /** Checks that raised the alarm so far. */
    public long alarms() {
        return alarms;
    }

    /**
     * Takes one stream image (as {@code embed} of {@link #check} takes it); whether a check is due.
     */
    public boolean offer(byte[] modelInput) {
        if (settings.every() <= 0) {
            return false;
        }
        seen++;
        if (reference.size() < settings.referenceSize()) {
            reference.add(modelInput);
            return false;
        }
        recent.addLast(modelInput);
        if (recent.size() > settings.window()) {
            recent.removeFirst();
        }
        if (seen >= nextCheck && recent.size() == settings.window()) {
            nextCheck += settings.every();
            return true;
        }
        return false;
    }

    /**
     * Compares the recent window with the reference, both embedded by {@code embed} (the model's
     * weights now).
     *
     * @param images images seen so far, for the result
     */
    public Result check(Function<List<byte[]>, float[][]> embed, long images) {
        MmdDrift drift =
                new MmdDrift(
                        embed.apply(reference),
                        settings.window(),
                        NULL_DRAWS,
                        settings.falseAlarmRate(),
                        images);
        Result r =
                new Result(
                        images,
                        drift.statistic(embed.apply(new ArrayList<>(recent))),
                        drift.threshold());
        results.addLast(r);
        if (results.size() > KEPT_RESULTS) {
            results.removeFirst();
        }
        checks++;
        if (r.drifted()) {
            alarms++;
            // what the stream carries now is the new normal: the next images are the reference
            reference.clear();
            recent.clear();
            nextCheck = seen + settings.referenceSize() + settings.every();
        }
        return r;
    }
}
