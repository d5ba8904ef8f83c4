package dev.streamssl.cli.bench;

import dev.streamssl.bench.SoakBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl bench soak}: the memory of the whole job over a long run. */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description =
                "Stream synthetic images through the job on the embedded stack and print resident, heap and off-heap memory every --every images trained.")
public final class SoakCommand implements Callable<Integer> {
    @Option(
            names = "--images",
            defaultValue = "100000",
            description = "Images to train on (default: ${DEFAULT-VALUE}).")
    long images;

    @Option(
            names = "--every",
            defaultValue = "10000",
            description = "A line every this many images trained (default: ${DEFAULT-VALUE}).")
    long every;

    @Mixin JobOverrides job;

    @Override
    public Integer call() throws Exception {
        new SoakBenchmark(images, every, job.values(), System.out).run();
        return 0;
    }
}
