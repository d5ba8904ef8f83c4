package dev.streamssl.job.learn;

import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.schemas.TrainingMetrics;

/**
 * Accumulates training steps between two reports and turns them into a {@link TrainingMetrics}
 * record: images per second over the interval, the latest loss and indicators.
 */
final class MetricsReport {
    private long intervalStartNanos = System.nanoTime();
    private long imagesInInterval;
    // counted by the thread that trains, read and reported by the operator thread
    private volatile long imagesTrained;

    synchronized void trained(int images) {
        imagesInInterval += images;
        imagesTrained += images;
    }

    void restoreImagesTrained(long seen) {
        imagesTrained = seen;
    }

    long imagesTrained() {
        return imagesTrained;
    }

    synchronized TrainingMetrics report(
            String method,
            TrainStepResult last,
            long publishedVersion,
            long imagesSkipped,
            double lagSeconds,
            long bufferImages,
            long nonFiniteSteps,
            long restores,
            java.util.List<String> alarms) {
        long now = System.nanoTime();
        double seconds = Math.max((now - intervalStartNanos) / 1e9, 1e-9);
        TrainingMetrics metrics =
                TrainingMetrics.newBuilder()
                        .setTimestampMs(System.currentTimeMillis())
                        .setMethod(method)
                        .setStep(last.step())
                        .setLoss(last.loss())
                        .setLearningRate(last.learningRate())
                        .setMomentum(orNull(last.momentum()))
                        .setImagesPerSecond(imagesInInterval / seconds)
                        .setImagesTrained(imagesTrained)
                        .setPublishedModelVersion(publishedVersion)
                        .setEmbeddingStd(last.embeddingStd())
                        .setTeacherEntropy(orNull(last.indicators().teacherEntropy()))
                        .setTeacherStudentKl(orNull(last.indicators().teacherStudentKl()))
                        .setPositiveSimilarity(orNull(last.indicators().positiveSimilarity()))
                        .setNegativeSimilarity(orNull(last.indicators().negativeSimilarity()))
                        .setClusterEntropy(orNull(last.indicators().clusterEntropy()))
                        .setImagesSkipped(imagesSkipped)
                        .setLearnerLagSeconds(orNull(lagSeconds))
                        .setReplayBufferImages(bufferImages)
                        .setNonFiniteSteps(nonFiniteSteps)
                        .setRestoresToLastGoodState(restores)
                        .setAlarms(new java.util.ArrayList<>(alarms))
                        .build();
        intervalStartNanos = now;
        imagesInInterval = 0;
        return metrics;
    }

    /** Avro's null for a quantity the method does not have (NaN in the learner core). */
    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
