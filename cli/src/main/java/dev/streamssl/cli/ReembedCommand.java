package dev.streamssl.cli;

import dev.streamssl.job.export.ModelDirectory;
import dev.streamssl.job.reembed.ReembedJob;
import dev.streamssl.stack.Reembed;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @ArgGroup(exclusive = true, multiplicity = "1")
    Model model;

    static final class Model {
        @Option(
                names = "--model",
                paramLabel = "DIR",
                description = "An exported model directory (<method>-v<version>/ with model.json).")
        Path dir;

        @Option(
                names = "--model-version",
                paramLabel = "N",
                description =
                        "The exported version N of --method under --export-dir (learner.export.dir).")
        Long version;
    }

    @Option(
            names = "--export-dir",
            paramLabel = "DIR",
            description = "Where the job exports models (learner.export.dir), for --model-version.")
    Path exportDir;

    @Option(
            names = "--method",
            defaultValue = "simclr",
            description =
                    "The method whose version --model-version names (default: ${DEFAULT-VALUE}).")
    String method;

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
        long from = start.timestamp == null ? -1 : ReembedJob.timestamp(start.timestamp);
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1");
        }
        new Reembed(System.out)
                .run(
                        new Reembed.Request(
                                kafka.properties(),
                                kafka.propertiesFileOrNull(),
                                imagesTopic,
                                modelDirectory(),
                                toTopic,
                                from,
                                parallelism));
        return 0;
    }

    /** {@code --model}, or the directory {@code --model-version} names under the export dir. */
    private Path modelDirectory() throws java.io.IOException {
        if (model.dir != null) {
            return model.dir;
        }
        if (exportDir == null) {
            throw new IllegalArgumentException(
                    "--model-version needs --export-dir (the job's learner.export.dir)");
        }
        Path dir = exportDir.resolve(ModelDirectory.name(method, model.version));
        if (!Files.isDirectory(dir)) {
            String exported;
            try (var list = Files.list(exportDir)) {
                exported =
                        list.map(p -> p.getFileName().toString())
                                .filter(n -> n.startsWith(method + "-v"))
                                .sorted()
                                .toList()
                                .toString();
            } catch (java.io.IOException e) {
                exported = "(" + exportDir + " cannot be read: " + e.getMessage() + ")";
            }
            throw new IllegalArgumentException(
                    "no exported "
                            + method
                            + " version "
                            + model.version
                            + " under "
                            + exportDir
                            + "; exported: "
                            + exported
                            + ". Export it from the running job or a savepoint with `streamssl export`.");
        }
        return dir;
    }
}
