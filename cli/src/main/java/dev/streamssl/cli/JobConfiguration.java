package dev.streamssl.cli;

import dev.streamssl.job.config.JobArguments;
import dev.streamssl.job.config.JobSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The job's configuration on a command line, as the job itself takes it: {@code --config FILE} and
 * {@code KEY=VALUE} overrides (shared by {@code job} and {@code export}).
 */
final class JobConfiguration {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The job's YAML configuration (see docs/configuration.md).")
    String config;

    @Parameters(
            paramLabel = "KEY=VALUE",
            description = "Option overrides, e.g. kafka.bootstrap-servers=host:9092.")
    List<String> overrides = new ArrayList<>();

    /** The arguments of the job's main: {@code --config FILE} then the overrides. */
    String[] jobArguments() {
        List<String> args = new ArrayList<>();
        if (config != null) {
            args.add("--config");
            args.add(config);
        }
        args.addAll(overrides);
        return args.toArray(new String[0]);
    }

    /** The validated settings (throws naming a bad option). */
    JobSettings settings() throws IOException {
        return JobArguments.parse(jobArguments());
    }
}
