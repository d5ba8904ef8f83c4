package dev.streamssl.cli;

import dev.streamssl.job.StreamSslJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
    @Mixin JobConfiguration configuration;

    @Override
    public Integer call() throws Exception {
        StreamSslJob.main(configuration.jobArguments());
        return 0;
    }
}
