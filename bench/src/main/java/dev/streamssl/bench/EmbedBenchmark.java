package dev.streamssl.bench;

import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import java.io.PrintStream;

/**
 * Times what an embedder does per batch outside Flink: the evaluation network's forward pass on
 * uint8 images of the settings' shape (to float, normalise, encoder, copy out), with the initial
 * weights of the settings' method. Prints images/s and the process's resident memory.
 */
public final class EmbedBenchmark {
    private EmbedBenchmark() {}

    /** Result of a run. */
    public record Result(double imagesPerSecond, long rssMb) {}

    public static Result run(
            LearnerSettings settings,
            float[] mean,
            float[] std,
            int batchSize,
            int batches,
            PrintStream out) {
        ImageBatch batch =
                TrainStepBenchmark.randomBatch(
                        batchSize, settings.channels(), settings.imageSize(), 13);
        try (SslMethod method = Methods.create(settings);
                EvaluationNetwork network = EvaluationNetwork.of(settings, mean, std)) {
            network.load(method.evaluationWeights());
            network.embed(batch); // warm-up
            long start = System.nanoTime();
            for (int i = 1; i <= batches; i++) {
                network.embed(batch);
                out.printf(
                        "batch %d/%d %.0f images/s so far%n",
                        i, batches, batchSize * i / ((System.nanoTime() - start) / 1e9));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(batchSize * batches / seconds, TrainStepBenchmark.residentMb());
        }
    }
}
