package dev.streamssl.learner.method;

import dev.streamssl.learner.continual.ContinualSettings;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.optim.OptimizerSettings;

/**
 * What every method needs: the input it trains on, the encoder, the optimizer, the device and the
 * seed, plus the method's own settings.
 *
 * @param architecture encoder f
 * @param channels input channels (1 grey, 3 RGB)
 * @param imageSize side of the (square) input images
 * @param batchSize images per training step
 * @param device cpu, gpu:N, or auto (a GPU if DJL sees one)
 * @param seed seed of the learner's random generator
 * @param optimizer optimizer and schedule
 * @param method the method and its own settings
 * @param initFrom a PyTorch state dict (safetensors) the encoder starts from, or null for random
 *     weights (see {@link dev.streamssl.learner.export.WarmStart})
 * @param continual the continual-learning strategy composed with the method
 */
public record LearnerSettings(
        Architecture architecture,
        int channels,
        int imageSize,
        int batchSize,
        String device,
        long seed,
        OptimizerSettings optimizer,
        MethodSettings method,
        String initFrom,
        ContinualSettings continual) {

    /** Settings without a continual strategy. */
    public LearnerSettings(
            Architecture architecture,
            int channels,
            int imageSize,
            int batchSize,
            String device,
            long seed,
            OptimizerSettings optimizer,
            MethodSettings method,
            String initFrom) {
        this(
                architecture,
                channels,
                imageSize,
                batchSize,
                device,
                seed,
                optimizer,
                method,
                initFrom,
                ContinualSettings.NONE);
    }

    /** Settings of a learner that starts from random weights (no {@code initFrom}). */
    public LearnerSettings(
            Architecture architecture,
            int channels,
            int imageSize,
            int batchSize,
            String device,
            long seed,
            OptimizerSettings optimizer,
            MethodSettings method) {
        this(architecture, channels, imageSize, batchSize, device, seed, optimizer, method, null);
    }

    public LearnerSettings {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("input channels must be 1 or 3, got " + channels);
        }
        if (imageSize < 8 || imageSize > 1024) {
            throw new IllegalArgumentException("image size must be in [8, 1024], got " + imageSize);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException(
                    "batch size must be >= 2 (contrastive losses need negatives), got "
                            + batchSize);
        }
        if (method != null) {
            method.checkBatchSize(batchSize);
        }
        if (continual == null) {
            continual = ContinualSettings.NONE;
        }
    }

    /** The same settings with another continual strategy. */
    public LearnerSettings withContinual(ContinualSettings strategy) {
        return new LearnerSettings(
                architecture,
                channels,
                imageSize,
                batchSize,
                device,
                seed,
                optimizer,
                method,
                initFrom,
                strategy);
    }

    /** The same settings on another device (a subtask's GPU, say). */
    public LearnerSettings withDevice(String newDevice) {
        return new LearnerSettings(
                architecture,
                channels,
                imageSize,
                batchSize,
                newDevice,
                seed,
                optimizer,
                method,
                initFrom,
                continual);
    }
}
