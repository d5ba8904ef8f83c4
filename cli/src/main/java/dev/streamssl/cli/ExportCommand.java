package dev.streamssl.cli;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.export.ModelDirectory;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.stack.FlinkSavepoints;
import dev.streamssl.stack.SavepointModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl export}: the model a job is embedding with, written as an exported encoder
 * directory, from a savepoint or from a running job (a savepoint is taken through Flink's REST API
 * first; the job keeps running).
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description =
                "Write the model a job embeds with as <method>-v<version>/ (DJL parameters + model.json), from a savepoint or a running job. Give the job's configuration (--config and KEY=VALUE as for `streamssl job`): it names the architecture and the input normalisation.")
public final class ExportCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(
                names = "--savepoint",
                paramLabel = "PATH",
                description = "A savepoint or retained checkpoint of the job.")
        String savepoint;

        @Option(
                names = "--job-id",
                paramLabel = "ID",
                description = "A running job: a savepoint is taken first (the job keeps running).")
        String jobId;
    }

    @Option(
            names = "--rest-url",
            defaultValue = "http://localhost:8081",
            description = "The JobManager's REST API, for --job-id (default: ${DEFAULT-VALUE}).")
    String restUrl;

    @Option(
            names = "--savepoint-dir",
            paramLabel = "DIR",
            description =
                    "Where the savepoint of --job-id goes (default: the cluster's execution.checkpointing.savepoint-dir).")
    String savepointDir;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            description = "The method to export (default: every method the configuration trains).")
    List<String> methods;

    @Option(
            names = "--model-version",
            defaultValue = "latest",
            paramLabel = "N|latest",
            description =
                    "The version to export: latest (the one the embedders use), or N, which must be that one (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Where to write.")
    String to;

    @Mixin JobConfiguration configuration;

    @Override
    public Integer call() throws Exception {
        JobSettings settings = configuration.settings();
        Long wanted = wantedVersion();
        String savepoint = source.savepoint;
        if (savepoint == null) {
            savepoint =
                    new FlinkSavepoints(restUrl, System.out)
                            .take(source.jobId, savepointDir, Duration.ofMinutes(10));
        }
        for (String method : methods == null ? settings.methods() : methods) {
            ModelSnapshot snapshot = SavepointModel.read(savepoint, method);
            if (wanted != null && snapshot.version != wanted) {
                throw new IllegalArgumentException(
                        "the savepoint holds "
                                + method
                                + " version "
                                + snapshot.version
                                + ", not "
                                + wanted
                                + ": a job keeps only its newest model. Older versions exist where"
                                + " learner.export.dir wrote them every learner.export.every-versions"
                                + " versions.");
            }
            System.out.printf(
                    "exported %s version %d to %s%n",
                    method, snapshot.version, ModelDirectory.write(snapshot, settings, to));
        }
        return 0;
    }

    private Long wantedVersion() {
        if (version.equals("latest")) {
            return null;
        }
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--model-version = '" + version + "'; give latest or a version number");
        }
    }
}
