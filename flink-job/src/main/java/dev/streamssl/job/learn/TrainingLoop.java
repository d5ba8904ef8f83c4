package dev.streamssl.job.learn;

import dev.streamssl.job.config.ContinualOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.learner.drift.DriftCheck;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.replay.ReplayBuffer;
import dev.streamssl.learner.replay.ReplayPolicy;
import dev.streamssl.learner.state.LearnerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the learner does with a batch of new images, apart from Flink: they enter the {@link
 * ReplayBuffer} (for MinRed with their features), then {@code stepsPerBatch} training steps run on
 * batches drawn from it. With the FIFO policy the drawn batch is exactly the new images, so each is
 * trained on once, in order: the learner's behaviour without replay. Images arrive decoded at
 * {@code input.decode-size}; the method crops its views from them. Not thread-safe: in sample mode
 * the {@link BackgroundTrainer} calls it under the operator's model lock.
 *
 * <p>A step whose loss is not finite is dropped by the method (no update) and counted here; after
 * {@code maxNonFiniteInARow} of them in a row the learner goes back to its last good state, kept in
 * memory every {@code goodStateInterval} applied steps, and says so in the log. Throwing instead,
 * as the learner once did, made the job restart, replay the same images and diverge again: a crash
 * loop.
 *
 * <p>Public for the in-process learning curves ({@code bench learn}, {@code bench continual}),
 * which train through exactly this path.
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    private static final int MAX_UNREPORTED_DRIFT_EVENTS = 64;

    private final SslMethod method;
    private final ReplayBuffer buffer;
    private final LearnerSettings learner;
    private final int side;
    private final float[] mean;
    private final float[] std;
    private final int stepsPerBatch;
    private final double replayShare;
    private final int maxNonFiniteInARow;
    private final int goodStateInterval;
    private final DriftCheck drift;
    private final boolean refreshOnDrift;
    private long newestTrainedTimestampMs = -1;
    private long imagesSeen;
    // checks done on the trainer's thread (sample mode), for the operator's thread to report
    private final Queue<DriftEvent> driftEvents = new ConcurrentLinkedQueue<>();
    private volatile DriftEvent lastDrift;

    /**
     * One drift check as the learner reports it.
     *
     * @param result the check
     * @param step the model's step when it checked
     * @param alarms alarms so far, this one included
     * @param anchorRefreshed whether the alarm asked the continual strategy to refresh
     */
    public record DriftEvent(
            DriftCheck.Result result, long step, long alarms, boolean anchorRefreshed) {}

    private LearnerState lastGood;
    private int nonFiniteInARow;
    private long nonFiniteSteps;
    private long restores;

    public TrainingLoop(
            SslMethod method,
            ReplayBuffer buffer,
            LearnerSettings learner,
            int side,
            float[] mean,
            float[] std,
            int stepsPerBatch,
            double replayShare,
            int maxNonFiniteInARow,
            int goodStateInterval,
            DriftCheck drift,
            boolean refreshOnDrift) {
        this.method = method;
        this.drift = drift;
        this.refreshOnDrift = refreshOnDrift;
        this.maxNonFiniteInARow = maxNonFiniteInARow;
        this.goodStateInterval = goodStateInterval;
        this.buffer = buffer;
        this.learner = learner;
        this.side = side;
        this.mean = mean;
        this.std = std;
        this.stepsPerBatch = stepsPerBatch;
        this.replayShare = replayShare;
    }

    /**
     * The job's training loop for {@code method}: its replay buffer ({@code learner.replay.*},
     * seeded from the learner's seed), its decode size and normalisation, and the last good state
     * kept every {@code learner.snapshot-interval} steps.
     */
    public static TrainingLoop of(SslMethod method, JobSettings settings, LearnerSettings learner) {
        return of(method, settings, learner, settings.driftSettings());
    }

    /** The job's training loop with another drift check (the in-process curves choose theirs). */
    public static TrainingLoop of(
            SslMethod method,
            JobSettings settings,
            LearnerSettings learner,
            DriftCheck.Settings drift) {
        return new TrainingLoop(
                method,
                new ReplayBuffer(
                        ReplayPolicy.fromConfigName(settings.get(LearnerOptions.REPLAY_POLICY)),
                        settings.get(LearnerOptions.REPLAY_CAPACITY),
                        learner.seed() ^ 0x5EEDL),
                learner,
                settings.decodeSize(),
                settings.mean(),
                settings.std(),
                settings.get(LearnerOptions.REPLAY_STEPS_PER_BATCH),
                settings.get(LearnerOptions.REPLAY_SHARE),
                settings.get(LearnerOptions.MAX_NON_FINITE_STEPS),
                settings.get(LearnerOptions.SNAPSHOT_INTERVAL),
                new DriftCheck(drift),
                settings.get(ContinualOptions.REFRESH_ON_DRIFT));
    }

    /** The drift checks not yet taken by {@link #pollDriftEvent}, oldest first; null when none. */
    DriftEvent pollDriftEvent() {
        return driftEvents.poll();
    }

    /** The latest drift check, or null before the first; safe from any thread. */
    DriftEvent lastDrift() {
        return lastDrift;
    }

    /** The drift check on the images this loop trains on ({@code drift.*}). */
    public DriftCheck drift() {
        return drift;
    }

    public SslMethod method() {
        return method;
    }

    public ReplayBuffer buffer() {
        return buffer;
    }

    /** Steps dropped because their loss was not finite, since the job started. */
    long nonFiniteSteps() {
        return nonFiniteSteps;
    }

    /** Times the learner went back to its last good state. */
    long restores() {
        return restores;
    }

    /** Timestamp of the newest image trained on so far, or −1. */
    long newestTrainedTimestampMs() {
        return newestTrainedTimestampMs;
    }

    void restoreNewestTrainedTimestamp(long timestampMs) {
        this.newestTrainedTimestampMs = timestampMs;
    }

    /**
     * Adds the images to the buffer and trains on it.
     *
     * @return the results of the steps taken (none if the buffer cannot give a batch yet)
     */
    public List<TrainStepResult> learnFrom(List<DecodedImage> images) {
        List<byte[]> pixels = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            pixels.add(image.pixels);
            newestTrainedTimestampMs = Math.max(newestTrainedTimestampMs, image.timestampMs);
            imagesSeen++;
            if (drift.offer(image.pixels)) {
                checkDrift();
            }
        }
        float[][] features = buffer.policy() == ReplayPolicy.MINRED ? represent(pixels) : null;
        if (replayShare < 1 && buffer.policy() != ReplayPolicy.FIFO) {
            return mixed(pixels, features);
        }
        for (int i = 0; i < pixels.size(); i++) {
            buffer.add(pixels.get(i), features == null ? null : features[i]);
        }
        // FIFO trains on exactly the new images (a last partial batch included); the others draw
        // full batches from the buffer
        int size =
                buffer.policy() == ReplayPolicy.FIFO
                        ? images.size()
                        : Math.min(learner.batchSize(), buffer.size());
        List<TrainStepResult> results = new ArrayList<>();
        for (int s = 0; s < stepsPerBatch && size >= 2 && buffer.canDraw(size); s++) {
            results.add(step(List.of(), buffer.draw(size)));
        }
        return results;
    }

    /**
     * {@code learner.replay.share} below 1: every new image is trained on once as new, in steps of
     * (1 − share) · batch new images, each completed by share · batch images drawn from the buffer
     * before the new ones enter it (so the drawn part is older images, as experience replay mixes
     * the current batch with the memory); then {@code steps-per-batch − 1} steps drawn whole.
     */
    private List<TrainStepResult> mixed(List<byte[]> pixels, float[][] features) {
        int newPerStep = Math.max(1, (int) Math.round((1 - replayShare) * learner.batchSize()));
        List<TrainStepResult> results = new ArrayList<>();
        for (int from = 0; from < pixels.size(); from += newPerStep) {
            int to = Math.min(pixels.size(), from + newPerStep);
            List<byte[]> fresh = pixels.subList(from, to);
            int old =
                    Math.min(
                            buffer.size(),
                            (int) Math.round(fresh.size() * replayShare / (1 - replayShare)));
            List<ReplayBuffer.Item> drawn = old > 0 ? buffer.draw(old) : List.of();
            for (int i = from; i < to; i++) {
                buffer.addTrained(pixels.get(i), features == null ? null : features[i]);
            }
            if (fresh.size() + drawn.size() >= 2) {
                results.add(step(fresh, drawn));
            }
        }
        int size = Math.min(learner.batchSize(), buffer.size());
        for (int s = 1; s < stepsPerBatch && size >= 2 && buffer.canDraw(size); s++) {
            results.add(step(List.of(), buffer.draw(size)));
        }
        return results;
    }

    /** One step on new images followed by images drawn from the buffer. */
    private TrainStepResult step(List<byte[]> fresh, List<ReplayBuffer.Item> drawn) {
        List<byte[]> batch = new ArrayList<>(fresh.size() + drawn.size());
        batch.addAll(fresh);
        List<byte[]> drawnPixels = new ArrayList<>(drawn.size());
        for (ReplayBuffer.Item item : drawn) {
            drawnPixels.add(item.pixels());
        }
        batch.addAll(drawnPixels);
        TrainStepResult result = method.trainStep(imageBatch(batch));
        afterStep(result);
        if (result.applied() && buffer.policy() == ReplayPolicy.MINRED && !drawn.isEmpty()) {
            // MinRed keeps the features of the images it trained on current
            buffer.updateFeatures(drawn, represent(drawnPixels));
        }
        return result;
    }

    /**
     * Runs a due drift check under the model's weights now; an alarm is logged and, with {@code
     * continual.refresh-on-drift}, refreshes the continual strategy's anchor before the next step.
     */
    private void checkDrift() {
        DriftCheck.Result r = drift.check(this::represent, imagesSeen);
        DriftEvent event =
                new DriftEvent(r, method.step(), drift.alarms(), r.drifted() && refreshOnDrift);
        driftEvents.add(event);
        while (driftEvents.size() > MAX_UNREPORTED_DRIFT_EVENTS) {
            driftEvents.poll(); // a learner that does not report (not learner 0) keeps none
        }
        lastDrift = event;
        if (!r.drifted()) {
            return;
        }
        LOG.warn(
                "{}: the stream drifted: MMD² {} of the latest {} images against the reference is"
                        + " above the threshold {} (model step {}){}",
                method.name(),
                String.format("%.5f", r.statistic()),
                drift.settings().window(),
                String.format("%.5f", r.threshold()),
                method.step(),
                refreshOnDrift ? "; the continual strategy refreshes its anchor" : "");
        if (refreshOnDrift) {
            method.requestAnchorRefresh();
        }
    }

    private void afterStep(TrainStepResult result) {
        if (result.applied()) {
            nonFiniteInARow = 0;
            if (lastGood == null || result.step() % goodStateInterval == 0) {
                lastGood = method.saveState();
            }
            return;
        }
        nonFiniteSteps++;
        nonFiniteInARow++;
        LOG.warn(
                "{} loss was {} at step {} (learning rate {}); the step was dropped ({} in a row)",
                method.name(),
                result.loss(),
                result.step(),
                result.learningRate(),
                nonFiniteInARow);
        if (nonFiniteInARow >= maxNonFiniteInARow && lastGood != null) {
            method.restoreState(lastGood);
            restores++;
            nonFiniteInARow = 0;
            LOG.warn(
                    "{} diverged {} steps in a row; back to its last good state, step {}",
                    method.name(),
                    maxNonFiniteInARow,
                    lastGood.step());
        }
    }

    private float[][] represent(List<byte[]> pixels) {
        return method.represent(imageBatch(pixels), mean, std);
    }

    /** The decoded images (squares of {@code input.decode-size}) as one batch. */
    private ImageBatch imageBatch(List<byte[]> pixels) {
        return ImageBatch.of(pixels, learner.channels(), side, side);
    }
}
