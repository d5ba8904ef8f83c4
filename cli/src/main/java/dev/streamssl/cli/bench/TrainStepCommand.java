package dev.streamssl.cli.bench;

import dev.streamssl.bench.TrainStepBenchmark;
import dev.streamssl.job.config.JobSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl bench train-step}: times the training step of a method and encoder. */
@Command(
        name = "train-step",
        mixinStandardHelpOptions = true,
        description =
                "Time training steps outside Flink: by default SimCLR on the small CNN at 28x28 grey; any method and encoder with KEY=VALUE job options.")
public final class TrainStepCommand implements Callable<Integer> {
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

    @Mixin JobOverrides job;

    @Override
    public Integer call() {
        if (run.batch < 2 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--batch must be >= 2, --steps >= 1, --warmup >= 0");
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("learner.batch-size", String.valueOf(run.batch));
        options.put("learner.device", run.device);
        // every timed step at the full learning rate
        options.put("optimizer.warmup-steps", "0");
        JobSettings settings = job.offline(options);
        TrainStepBenchmark.Result r =
                TrainStepBenchmark.run(
                        settings.learnerSettings(),
                        settings.decodeSize(),
                        steps,
                        warmup,
                        System.out);
        System.out.printf("rss_start_mb=%d rss_end_mb=%d%n", r.rssStartMb(), r.rssEndMb());
        System.out.printf(
                "ms_per_step=%.1f images_per_second=%.1f%n", r.msPerStep(), r.imagesPerSecond());
        return 0;
    }
}
