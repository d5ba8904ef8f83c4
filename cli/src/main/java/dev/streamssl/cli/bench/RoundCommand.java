package dev.streamssl.cli.bench;

import dev.streamssl.bench.RoundCostBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamssl bench round}: what an averaging round of several learners costs, apart from
 * waiting.
 */
@Command(
        name = "round",
        mixinStandardHelpOptions = true,
        description =
                "Cost of an averaging round: the averaged tensors of the small CNN and"
                        + " ResNet-18, their serialisation, the mean of 2 and 4 learners,"
                        + " loading it back, and an 8 MiB operator event's round trip on a"
                        + " MiniCluster.")
public final class RoundCommand implements Callable<Integer> {
    @Option(
            names = "--repeats",
            defaultValue = "9",
            description = "Repeats of each model measurement (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--pings",
            defaultValue = "23",
            description = "8 MiB event round trips (default: ${DEFAULT-VALUE}).")
    int pings;

    @Option(
            names = "--step-seconds",
            split = ",",
            defaultValue = "0.263,0.2",
            description =
                    "Step times of the small CNN and ResNet-18 for the efficiency model"
                            + " (default: ${DEFAULT-VALUE}: the small CNN's measured on 2"
                            + " cores, batch 256; ResNet-18 on a GPU, assumed).")
    List<Double> stepSeconds;

    @Option(
            names = "--bandwidth-gbps",
            defaultValue = "10",
            description =
                    "The JobManager's network for the model, Gbit/s (default: ${DEFAULT-VALUE}).")
    double bandwidthGbps;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1 || pings < 4 || stepSeconds.size() != 2 || !(bandwidthGbps > 0)) {
            throw new IllegalArgumentException(
                    "--repeats must be >= 1, --pings >= 4, --step-seconds two values and"
                            + " --bandwidth-gbps > 0");
        }
        new RoundCostBenchmark(System.out)
                .run(
                        repeats,
                        pings,
                        new double[] {stepSeconds.get(0), stepSeconds.get(1)},
                        bandwidthGbps);
        return 0;
    }
}
