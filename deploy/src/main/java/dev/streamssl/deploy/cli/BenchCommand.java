package dev.streamssl.deploy.cli;

import dev.streamssl.learner.bench.AugmentBenchmark;
import dev.streamssl.learner.bench.TrainStepBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl bench}: micro-benchmarks that print numbers. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.TrainStep.class, BenchCommand.Augment.class},
        description = "Benchmarks (results go to docs/benchmarks.md).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("choose a benchmark: streamssl bench train-step|augment --help");
        return 2;
    }

    /** Times the training step of the default model. */
    @Command(
            name = "train-step",
            mixinStandardHelpOptions = true,
            description =
                    "Time the SimCLR training step of the default model (small CNN, 28x28 grey) outside Flink.")
    public static final class TrainStep implements Callable<Integer> {
        @Mixin BatchAndDevice run;

        @Option(
                names = "--steps",
                defaultValue = "50",
                description = "Timed steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(
                names = "--warmup",
                defaultValue = "5",
                description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() {
            if (run.batch < 2 || steps < 1 || warmup < 0) {
                throw new IllegalArgumentException(
                        "--batch must be >= 2, --steps >= 1, --warmup >= 0");
            }
            TrainStepBenchmark.Result r =
                    TrainStepBenchmark.run(run.batch, steps, warmup, run.device, System.out);
            System.out.printf("rss_start_mb=%d rss_end_mb=%d%n", r.rssStartMb(), r.rssEndMb());
            System.out.printf(
                    "ms_per_step=%.1f images_per_second=%.1f%n",
                    r.msPerStep(), r.imagesPerSecond());
            return 0;
        }
    }

    /** Times a view policy batched on the device against a per-image BufferedImage pipeline. */
    @Command(
            name = "augment",
            mixinStandardHelpOptions = true,
            description =
                    "Images/s of a view policy, batched on the device, next to a per-image BufferedImage baseline.")
    public static final class Augment implements Callable<Integer> {
        @Option(
                names = "--policy",
                defaultValue = "simclr",
                description = "simclr, moco, byol or dino (default: ${DEFAULT-VALUE}).")
        String policy;

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
                    AugmentBenchmark.run(
                            policy, size, run.batch, iterations, run.device, System.out);
            System.out.printf("ms_per_batch=%.1f%n", r.msPerBatch());
            System.out.printf(
                    "images_per_second=%.1f baseline_images_per_second=%.1f%n",
                    r.imagesPerSecond(), r.baselineImagesPerSecond());
            return 0;
        }
    }

    /** The options every benchmark shares. */
    static final class BatchAndDevice {
        @Option(
                names = "--batch",
                defaultValue = "256",
                description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(
                names = "--device",
                defaultValue = "auto",
                description = "cpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
        String device;
    }
}
