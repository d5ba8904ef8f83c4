package dev.streamssl.cli;

import dev.streamssl.cli.bench.AugmentCommand;
import dev.streamssl.cli.bench.ContinualCommand;
import dev.streamssl.cli.bench.DecodeCommand;
import dev.streamssl.cli.bench.EmbedCommand;
import dev.streamssl.cli.bench.KnnCommand;
import dev.streamssl.cli.bench.LearnCommand;
import dev.streamssl.cli.bench.LocalSgdCommand;
import dev.streamssl.cli.bench.PipelineCommand;
import dev.streamssl.cli.bench.RoundCommand;
import dev.streamssl.cli.bench.SoakCommand;
import dev.streamssl.cli.bench.TrainStepCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code streamssl bench}: the benchmarks that print numbers, one subcommand each (package {@code
 * dev.streamssl.cli.bench}); alone, it names them.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = {
            LocalSgdCommand.class,
            RoundCommand.class,
            TrainStepCommand.class,
            AugmentCommand.class,
            DecodeCommand.class,
            EmbedCommand.class,
            LearnCommand.class,
            ContinualCommand.class,
            KnnCommand.class,
            PipelineCommand.class,
            SoakCommand.class
        },
        description = "Benchmarks (results go to docs/benchmarks.md).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println(
                "choose a benchmark: streamssl bench train-step|augment|decode|embed|learn|continual|knn|pipeline|soak --help");
        return 2;
    }
}
