package dev.streamssl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's answers to mistakes: one line naming the problem, exit code 2, nothing started.
 */
class StandaloneLauncherTest {
    private static final Path SCRIPT =
            Path.of("").toAbsolutePath().getParent().resolve("deploy/cluster/standalone.sh");

    @TempDir Path home;

    private record Outcome(int exitCode, String output) {}

    private Outcome run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("STREAMSSL_CLUSTER_HOME", home.toString());
        builder.environment().put("STREAMSSL_REST_PORT", "1"); // nothing answers there
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(process.waitFor(), output.trim());
    }

    @Test
    void unknownCommandListsTheCommands() throws Exception {
        Outcome o = run("strat");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.output()).contains("unknown command 'strat'").contains("start|");
    }

    @Test
    void submitNamesAMissingConfigurationFile() throws Exception {
        Outcome o = run("submit", home.resolve("nope.yaml").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.output()).contains("configuration file").contains("nope.yaml' not found");
    }

    @Test
    void submitWithoutAClusterSaysToStartOne() throws Exception {
        Path config = home.resolve("job.yaml");
        java.nio.file.Files.writeString(config, "learner:\n  batch-size: 32\n");
        Outcome o = run("submit", config.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.output()).contains("no cluster answers").contains("use 'start' first");
    }

    @Test
    void addingATaskManagerNeedsAJobManager() throws Exception {
        Outcome o = run("add-taskmanager");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.output()).contains("no JobManager running");
    }

    @Test
    void startRejectsAnArgumentThatIsNotAFlinkSetting() throws Exception {
        Outcome o = run("print-config", "--slots", "4");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.output()).contains("unknown argument '--slots'");
    }

    @Test
    void stopWithNothingRunningIsQuiet() throws Exception {
        assertThat(run("stop").exitCode()).isZero();
    }
}
