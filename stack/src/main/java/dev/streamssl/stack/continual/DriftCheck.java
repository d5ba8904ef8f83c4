package dev.streamssl.stack.continual;

import dev.streamssl.learner.drift.MmdDrift;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.ImageBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The drift alarm of an in-process learning curve: the first {@code referenceSize} images of the
 * stream are the reference, the last {@code window} images the recent window; a check embeds both
 * with the network's current weights (a reference is only comparable under the same model version)
 * and runs {@link MmdDrift} on them, its threshold calibrated for {@code falseAlarmRate}. After an
 * alarm the reference is taken anew from the images that follow, so each change of the stream
 * raises one alarm rather than every check after it.
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
    private final int channels;
    private final int size;
    private final List<byte[]> reference = new ArrayList<>();
    private final Deque<byte[]> recent = new ArrayDeque<>();
    private final List<Result> results = new ArrayList<>();
    private long seen;
    private long nextCheck;

    public DriftCheck(Settings settings, int channels, int size) {
        this.settings = settings;
        this.channels = channels;
        this.size = size;
        this.nextCheck = settings.referenceSize() + settings.every();
    }

    /** Whether checks run at all. */
    public boolean on() {
        return settings.every() > 0;
    }

    /** Every check so far. */
    public List<Result> results() {
        return results;
    }

    /** Takes one stream image (a model input); whether a check is due now. */
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

    /** Compares the recent window with the reference under the network's weights now. */
    public Result check(EvaluationNetwork network, long images) {
        MmdDrift drift =
                new MmdDrift(
                        embed(network, reference),
                        settings.window(),
                        NULL_DRAWS,
                        settings.falseAlarmRate(),
                        images);
        Result r =
                new Result(
                        images,
                        drift.statistic(embed(network, new ArrayList<>(recent))),
                        drift.threshold());
        results.add(r);
        if (r.drifted()) {
            // what the stream carries now is the new normal: the next images are the reference
            reference.clear();
            recent.clear();
            nextCheck = seen + settings.referenceSize() + settings.every();
        }
        return r;
    }

    private float[][] embed(EvaluationNetwork network, List<byte[]> images) {
        return network.embed(ImageBatch.of(images, channels, size, size));
    }
}
