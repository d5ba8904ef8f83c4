package dev.streamssl.cli.bench;

import dev.streamssl.bench.AugmentBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl bench augment}: times a view policy batched on the device against a per-image
 * BufferedImage pipeline.
 */
@Command(
        name = "augment",
        mixinStandardHelpOptions = true,
        description =
                "Images/s of a view policy, batched on the device, next to a per-image BufferedImage baseline.")
public final class AugmentCommand implements Callable<Integer> {
    @Option(
            names = "--policy",
            defaultValue = "simclr",
            completionCandidates = PresetNames.class,
            description =
                    "Augmentation preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String policy;

    /** The registered presets' names, for the help text and shell completion. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return dev.streamssl.learner.augment.Presets.names().iterator();
        }
    }

    @Option(
            names = "--size",
            defaultValue = "28",
            description = "Image side; 28 is grey, others RGB (default: ${DEFAULT-VALUE}).")
    int size;

    @Mixin BatchAndDevice run;

    @Option(
            names = "--iterations",
            defaultValue = "5",
            description = "Timed batches (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() {
        if (size < 8 || run.batch < 1 || iterations < 1) {
            throw new IllegalArgumentException(
                    "--size must be >= 8, --batch and --iterations >= 1");
        }
        AugmentBenchmark.Result r =
                AugmentBenchmark.run(policy, size, run.batch, iterations, run.device, System.out);
        System.out.printf("ms_per_batch=%.1f%n", r.msPerBatch());
        System.out.printf(
                "images_per_second=%.1f baseline_images_per_second=%.1f%n",
                r.imagesPerSecond(), r.baselineImagesPerSecond());
        return 0;
    }
}
