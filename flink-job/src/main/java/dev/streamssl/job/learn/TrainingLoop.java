package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.replay.ReplayBuffer;
import dev.streamssl.learner.replay.ReplayPolicy;
import dev.streamssl.learner.state.LearnerState;
import java.util.ArrayList;
import java.util.List;
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

    private final SslMethod method;
    private final ReplayBuffer buffer;
    private final LearnerSettings learner;
    private final int side;
    private final float[] mean;
    private final float[] std;
    private final int stepsPerBatch;
    private final int maxNonFiniteInARow;
    private final int goodStateInterval;
    private long newestTrainedTimestampMs = -1;
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
            int maxNonFiniteInARow,
            int goodStateInterval) {
        this.method = method;
        this.maxNonFiniteInARow = maxNonFiniteInARow;
        this.goodStateInterval = goodStateInterval;
        this.buffer = buffer;
        this.learner = learner;
        this.side = side;
        this.mean = mean;
        this.std = std;
        this.stepsPerBatch = stepsPerBatch;
    }

    /**
     * The job's training loop for {@code method}: its replay buffer ({@code learner.replay.*},
     * seeded from the learner's seed), its decode size and normalisation, and the last good state
     * kept every {@code learner.snapshot-interval} steps.
     */
    public static TrainingLoop of(SslMethod method, JobSettings settings, LearnerSettings learner) {
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
                settings.get(LearnerOptions.MAX_NON_FINITE_STEPS),
                settings.get(LearnerOptions.SNAPSHOT_INTERVAL));
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
        }
        float[][] features = buffer.policy() == ReplayPolicy.MINRED ? represent(pixels) : null;
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
            List<ReplayBuffer.Item> drawn = buffer.draw(size);
            List<byte[]> batch = new ArrayList<>(size);
            for (ReplayBuffer.Item item : drawn) {
                batch.add(item.pixels());
            }
            TrainStepResult result = method.trainStep(imageBatch(batch));
            results.add(result);
            afterStep(result);
            if (result.applied() && buffer.policy() == ReplayPolicy.MINRED) {
                // MinRed keeps the features of the images it trained on current
                buffer.updateFeatures(drawn, represent(batch));
            }
        }
        return results;
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
