package dev.streamssl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mains' command line: a file, then overrides in order; anything else names the usage. */
class JobArgumentsTest {
    @TempDir Path dir;

    @Test
    void overridesOnTheCommandLineWinOverTheFileInTheirOrder() throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(
                file, "kafka:\n  bootstrap-servers: broker:9092\nlearner:\n  batch-size: 64\n");
        JobSettings s =
                JobArguments.parse(
                        new String[] {
                            "--config",
                            file.toString(),
                            "learner.batch-size=32",
                            "--set",
                            "learner.method=byol",
                            "learner.batch-size=16"
                        });
        assertThat(s.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("broker:9092");
        assertThat(s.get(LearnerOptions.METHOD)).isEqualTo("byol");
        assertThat(s.get(LearnerOptions.BATCH_SIZE)).isEqualTo(16);
    }

    @Test
    void anArgumentOfNoKnownFormFailsNamingItAndTheUsage() {
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--model", "dir"}))
                .hasMessage(
                        "unexpected argument '--model'; usage: --config FILE [--set key=value ...]");
        assertThatThrownBy(
                        () ->
                                JobArguments.parse(
                                        new String[] {"kafka.bootstrap-servers=k:9", "--config"}))
                .hasMessageContaining("'--config'");
    }
}
