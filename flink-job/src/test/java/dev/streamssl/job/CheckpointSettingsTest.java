package dev.streamssl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Flink's own checkpoint settings win over the job's defaults; options a user gives win over both.
 */
class CheckpointSettingsTest {
    private static JobSettings job(String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("kafka.bootstrap-servers=k:9"));
        all.addAll(List.of(overrides));
        return JobSettings.from(ConfigLoader.load(null, all));
    }

    private static Configuration cluster() {
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "s3://bucket/checkpoints");
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMinutes(3));
        return flink;
    }

    @Test
    void aClustersCheckpointSettingsWinOverTheJobsDefaults() throws Exception {
        Configuration brought = StreamSslJob.flinkConfiguration(job(), cluster());
        assertThat(brought.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEmpty();
        assertThat(StreamSslJob.checkpointInterval(job(), cluster())).isEmpty();
    }

    @Test
    void optionsTheUserGaveWin() throws Exception {
        JobSettings s = job("job.checkpoint-dir=file:///data/cp", "job.checkpoint-interval=20s");
        assertThat(
                        StreamSslJob.flinkConfiguration(s, cluster())
                                .get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///data/cp");
        assertThat(StreamSslJob.checkpointInterval(s, cluster())).contains(Duration.ofSeconds(20));
    }

    @Test
    void withoutClusterSettingsTheJobsDefaultsApply() throws Exception {
        Configuration none = new Configuration();
        assertThat(
                        StreamSslJob.flinkConfiguration(job(), none)
                                .get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///tmp/streamssl/checkpoints");
        assertThat(StreamSslJob.checkpointInterval(job(), none)).contains(Duration.ofSeconds(10));
    }
}
