package dev.streamssl.deploy.cli;

import dev.streamssl.deploy.Reembed;
import dev.streamssl.tools.cli.KafkaConnection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl reembed}: the images topic's history embedded again by one frozen model. */
@Command(
        name = "reembed",
        mixinStandardHelpOptions = true,
        description =
                "Embed every image of the images topic again with one exported model (learner.export.dir), exactly once, into a topic of its own: one model version for a whole index.")
public final class ReembedCommand implements Callable<Integer> {
    @Mixin KafkaConnection kafka;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "An exported model directory (<method>-v<version>/ with model.json).")
    Path model;

    @Option(names = "--to-topic", required = true, description = "Topic to write to (must exist).")
    String toTopic;

    @Option(names = "--images-topic", defaultValue = "images", description = "Images topic.")
    String imagesTopic;

    @ArgGroup(exclusive = true)
    Start start = new Start();

    static final class Start {
        @Option(names = "--from-beginning", description = "All of the topic (the default).")
        boolean beginning;

        @Option(
                names = "--from-timestamp",
                paramLabel = "T",
                description =
                        "Images published at or after T (ISO-8601, e.g. 2026-11-28T10:00:00Z, or epoch ms).")
        String timestamp;
    }

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Parallel decoders and embedders (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        long from = -1;
        if (start.timestamp != null) {
            try {
                from =
                        start.timestamp.matches("\\d+")
                                ? Long.parseLong(start.timestamp)
                                : Instant.parse(start.timestamp).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "--from-timestamp: '"
                                + start.timestamp
                                + "' is neither ISO-8601 nor epoch ms");
            }
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1");
        }
        new Reembed(System.out)
                .run(
                        new Reembed.Request(
                                kafka.properties(),
                                kafka.propertiesFileOrNull(),
                                imagesTopic,
                                model,
                                toTopic,
                                from,
                                parallelism));
        return 0;
    }
}
