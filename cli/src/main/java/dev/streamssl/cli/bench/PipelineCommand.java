package dev.streamssl.cli.bench;

import dev.streamssl.bench.PipelineBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl bench pipeline}: embedding and training rates of the whole pipeline under a
 * stream faster than training.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Publish a backlog of synthetic images into the embedded stack, more than the job can take, and measure embedded and trained images/s with the learner off, in sample mode and in every-image mode, the last both with the default bound on embedding lag (embedder.max-lag) and with the learner always first (embedder.max-lag=0s).")
public final class PipelineCommand implements Callable<Integer> {
    @Option(
            names = "--seconds",
            defaultValue = "60",
            description = "Measured window per mode (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Option(
            names = "--warmup",
            defaultValue = "20",
            description = "Seconds before the window opens (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Mixin JobOverrides job;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--seconds must be >= 1 and --warmup >= 0");
        }
        PipelineBenchmark bench = new PipelineBenchmark(warmup, seconds, job.values(), System.out);
        PipelineBenchmark.Rates off = bench.run("off");
        PipelineBenchmark.Rates sample = bench.run("sample");
        PipelineBenchmark.Rates every = bench.run("every-image");
        PipelineBenchmark.Rates first =
                bench.run(
                        "every-image, learner first",
                        "every-image",
                        java.util.Map.of("embedder.max-lag", "0s"));
        System.out.printf(
                "learner_first_embedded_images_per_second=%.1f learner_first_trained_images_per_second=%.1f%n",
                first.embeddedPerSecond(), first.trainedPerSecond());
        System.out.printf(
                "every_image_embedded_images_per_second=%.1f every_image_trained_images_per_second=%.1f%n",
                every.embeddedPerSecond(), every.trainedPerSecond());
        System.out.printf(
                "embed_only_images_per_second=%.1f embedded_images_per_second=%.1f trained_images_per_second=%.1f%n",
                off.embeddedPerSecond(), sample.embeddedPerSecond(), sample.trainedPerSecond());
        return 0;
    }
}
