package dev.streamssl.deploy.cli;

import dev.streamssl.job.StreamSslJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamssl job}: runs the job against an existing Kafka in a MiniCluster in this JVM (the
 * same main class a Flink cluster runs from the job jar).
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description =
                "Run the streamssl Flink job in this JVM against your Kafka (Ctrl-C stops it).")
public final class JobCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration (see docs/configuration.md).")
    String config;

    @Parameters(
            paramLabel = "KEY=VALUE",
            description = "Option overrides, e.g. kafka.bootstrap-servers=host:9092.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>();
        if (config != null) {
            args.add("--config");
            args.add(config);
        }
        args.addAll(overrides);
        StreamSslJob.main(args.toArray(new String[0]));
        return 0;
    }
}
