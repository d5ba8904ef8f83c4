package dev.streamssl.cli.bench;

import dev.streamssl.bench.EmbedBenchmark;
import dev.streamssl.job.config.JobSettings;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl bench embed}: times the embedders' forward pass. */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description =
                "Images/s of the embedders' forward pass (evaluation network) outside Flink, for any encoder and input with KEY=VALUE job options.")
public final class EmbedCommand implements Callable<Integer> {
    @Mixin BatchAndDevice run;

    @Option(
            names = "--batches",
            defaultValue = "10",
            description = "Timed batches (default: ${DEFAULT-VALUE}).")
    int batches;

    @Mixin JobOverrides job;

    @Override
    public Integer call() {
        if (run.batch < 1 || batches < 1) {
            throw new IllegalArgumentException("--batch and --batches must be >= 1");
        }
        JobSettings settings = job.offline(Map.of("learner.device", run.device));
        EmbedBenchmark.Result r =
                EmbedBenchmark.run(
                        settings.learnerSettings(),
                        settings.mean(),
                        settings.std(),
                        run.batch,
                        batches,
                        System.out);
        System.out.printf("rss_mb=%d%n", r.rssMb());
        System.out.printf("images_per_second=%.1f%n", r.imagesPerSecond());
        return 0;
    }
}
