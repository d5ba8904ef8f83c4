package dev.streamssl.bench;

import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SimClrSettings;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.optim.OptimizerSettings;
import dev.streamssl.learner.random.StreamRandom;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times training steps outside Flink: augmentation, forward and backward of every view, optimizer
 * and EMA updates; by default of the default model (SimCLR, small CNN, 28×28 grey, LARS), or of any
 * method and encoder. Prints progress and, as its last line, {@code ms_per_step=…
 * images_per_second=…}; also the process's resident memory before and after, to show that long runs
 * do not grow native memory.
 */
public final class TrainStepBenchmark {
    private TrainStepBenchmark() {}

    /** Result of a run. */
    public record Result(
            double msPerStep, double imagesPerSecond, long rssStartMb, long rssEndMb) {}

    public static Result run(int batchSize, int steps, int warmup, String device, PrintStream out) {
        return run(defaultSettings(batchSize, device), steps, warmup, out);
    }

    /** Times the steps of any method and encoder on random images of the settings' shape. */
    public static Result run(LearnerSettings settings, int steps, int warmup, PrintStream out) {
        return run(settings, settings.imageSize(), steps, warmup, out);
    }

    /**
     * As {@link #run(LearnerSettings, int, int, PrintStream)}, on images decoded at {@code side}
     * ({@code input.decode-size}), from which the views are cropped.
     */
    public static Result run(
            LearnerSettings settings, int side, int steps, int warmup, PrintStream out) {
        int batchSize = settings.batchSize();
        ImageBatch batch = randomBatch(batchSize, settings.channels(), side, 11);
        try (SslMethod method = Methods.create(settings)) {
            for (int i = 0; i < warmup; i++) {
                method.trainStep(batch);
            }
            long rssStart = residentMb();
            long start = System.nanoTime();
            int every = Math.max(1, steps / 10);
            for (int i = 1; i <= steps; i++) {
                TrainStepResult r = method.trainStep(batch);
                if (i % every == 0) {
                    out.printf(
                            "step %d/%d loss %.4f %.1f ms rss %d MB (java heap committed %d MB)%n",
                            i,
                            steps,
                            r.loss(),
                            r.millis(),
                            residentMb(),
                            Runtime.getRuntime().totalMemory() >> 20);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long rssEnd = residentMb();
            return new Result(
                    seconds * 1000 / steps, batchSize * steps / seconds, rssStart, rssEnd);
        }
    }

    public static LearnerSettings defaultSettings(int batchSize, String device) {
        float[] mean = {0.2860f};
        float[] std = {0.3530f};
        return new LearnerSettings(
                Architecture.SMALL_CNN,
                1,
                28,
                batchSize,
                device,
                42L,
                new OptimizerSettings("lars", 0.3, 1e-6, 0.9, 0.001, "constant", 10, 0, 0.01),
                new SimClrSettings(0.2, 512, 128, AugmentationPresets.simclr(28, mean, std)));
    }

    static ImageBatch randomBatch(int size, int channels, int side, long seed) {
        StreamRandom random = new StreamRandom(seed);
        byte[] pixels = new byte[size * channels * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        return new ImageBatch(pixels, size, channels, side, side);
    }

    /** Resident set size of this process in MB (Linux), or -1. */
    public static long residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
