package dev.streamssl.deploy.cli;

import dev.streamssl.learner.bench.TrainStepBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamssl bench}: micro-benchmarks that print numbers. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = BenchCommand.TrainStep.class,
        description = "Benchmarks (results go to docs/benchmarks.md).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("choose a benchmark: streamssl bench train-step --help");
        return 2;
    }

    /** Times the training step of the default model. */
    @Command(
            name = "train-step",
            mixinStandardHelpOptions = true,
            description =
                    "Time the SimCLR training step of the default model (small CNN, 28x28 grey) outside Flink.")
    public static final class TrainStep implements Callable<Integer> {
        @Option(
                names = "--batch",
                defaultValue = "256",
                description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

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

        @Option(
                names = "--device",
                defaultValue = "auto",
                description = "cpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
        String device;

        @Override
        public Integer call() {
            if (batch < 2 || steps < 1 || warmup < 0) {
                throw new IllegalArgumentException(
                        "--batch must be >= 2, --steps >= 1, --warmup >= 0");
            }
            TrainStepBenchmark.Result r =
                    TrainStepBenchmark.run(batch, steps, warmup, device, System.out);
            System.out.printf("rss_start_mb=%d rss_end_mb=%d%n", r.rssStartMb(), r.rssEndMb());
            System.out.printf(
                    "ms_per_step=%.1f images_per_second=%.1f%n",
                    r.msPerStep(), r.imagesPerSecond());
            return 0;
        }
    }
}
