package dev.streamssl.learner.method;

/**
 * What one training step reports.
 *
 * @param step the step counter after this step
 * @param images images in the step's batch
 * @param loss the method's loss on the batch
 * @param learningRate learning rate used
 * @param momentum EMA momentum of a teacher, or NaN for methods without one
 * @param embeddingStd mean per-dimension std of the L2-normalised representations of the batch;
 *     about 1/√D for spread-out embeddings, 0 when collapsed (Chen and He, SimSiam §4.1)
 * @param millis wall time of the step
 * @param indicators the method's own signs of learning and collapse
 * @param applied false when the loss was not finite and the step was dropped: no update, no EMA,
 *     the step counter unchanged
 */
public record TrainStepResult(
        long step,
        int images,
        double loss,
        double learningRate,
        double momentum,
        double embeddingStd,
        double millis,
        MethodIndicators indicators,
        boolean applied) {}
