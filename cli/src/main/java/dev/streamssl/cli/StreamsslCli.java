package dev.streamssl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streamssl} launcher: one entry point for every tool. */
@Command(
        name = "streamssl",
        mixinStandardHelpOptions = true,
        version = "streamssl 0.1.0",
        description =
                "Self-supervised visual representation learning on a Kafka stream with Flink.",
        subcommands = {
            DemoCommand.class,
            LocalCommand.class,
            PublishCommand.class,
            SamplePhotosCommand.class,
            EmbeddingsCommand.class,
            EvalCommand.class,
            IndexCommand.class,
            DeadLettersCommand.class,
            ReportCommand.class,
            ReembedCommand.class,
            ExportCommand.class,
            BenchCommand.class,
            JobCommand.class
        })
public final class StreamsslCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs a command and returns its exit code: 0 done, 1 failed (e.g. Kafka), 2 a usage or input
     * error.
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new StreamsslCli());
        // a user error is one line naming what was wrong, with a non-zero exit; not a stack trace
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
                        commandLine
                                .getErr()
                                .println(
                                        "streamssl "
                                                + commandLine.getCommandName()
                                                + ": "
                                                + e.getMessage());
                        return 2;
                    }
                    if (e instanceof org.apache.kafka.common.KafkaException
                            || e instanceof IllegalStateException
                            || e instanceof dev.streamssl.schemas.RegistryUnavailableException) {
                        commandLine
                                .getErr()
                                .println(
                                        "streamssl "
                                                + commandLine.getCommandName()
                                                + " failed: "
                                                + e.getMessage());
                        return 1;
                    }
                    throw e;
                });
        return cli.execute(args);
    }
}
