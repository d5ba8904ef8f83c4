package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.export.ModelDirectory;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamssl demo --scenario domain-shift --init-from <export>} as a user runs it, small: the
 * job starts from an export, the stream changes camera half-way, and the demo prints kNN of the old
 * and the new domain at the start and the end, and the learner's drift alarm after the change,
 * which refreshed CaSSLe's anchor.
 */
class ScenarioDemoITCase {
    @RegisterExtension final Console console = new Console();

    @TempDir Path dir;

    @Test
    void aDomainShiftThroughTheJobPrintsEachPartAndTheAlarmAfterTheChange() throws Exception {
        Path export = export();
        String out =
                CliRun.stdout(
                        "demo",
                        "--dataset",
                        "synthetic",
                        "--scenario",
                        "domain-shift",
                        "--train-images",
                        "1536",
                        "--bank-size",
                        "300",
                        "--test-size",
                        "200",
                        "--report",
                        "none",
                        "--init-from",
                        export.toString(),
                        "learner.batch-size=64",
                        "drift.reference-size=128",
                        "drift.window=64",
                        "drift.check-every=128",
                        "continual.strategy=cassle",
                        "continual.refresh-on-drift=true",
                        "continual.cassle.predictor-hidden-dim=64");
        assertThat(out).contains("scenario domain-shift, kNN per part");
        for (String part : new String[] {"old-domain +old", "new-domain +new"}) {
            Matcher m =
                    Pattern.compile(part + " +([0-9.]+) +([0-9.]+) +([-+][0-9.]+)").matcher(out);
            assertThat(m.find()).as(part + " in\n" + out).isTrue();
            double start = Double.parseDouble(m.group(1));
            double end = Double.parseDouble(m.group(2));
            assertThat(start).isBetween(0.1, 1.0);
            assertThat(end).isBetween(0.1, 1.0);
            assertThat(Double.parseDouble(m.group(3))).isCloseTo(end - start, within(1e-3));
        }
        assertThat(out).doesNotContain("a false alarm");
        Matcher alarm =
                Pattern.compile(
                                "alarm at image (\\d+) .*: (\\d+) images (before|after) the change"
                                        + " at 768; CaSSLe's anchor refreshed")
                        .matcher(out);
        assertThat(alarm.find()).as("the alarm at the change in\n" + out).isTrue();
        // the learner reads the topic's partitions interleaved: it meets the change near image
        // 768, within one check interval (128) before it at the earliest
        long at = Long.parseLong(alarm.group(1));
        assertThat(at).isBetween(768L - 128, 768L + 768);
    }

    private static org.assertj.core.data.Offset<Double> within(double v) {
        return org.assertj.core.data.Offset.offset(v);
    }

    /**
     * An export of a freshly built SimCLR, as the job writes it (its weights do not matter here).
     */
    private Path export() throws Exception {
        JobSettings settings =
                JobSettings.from(
                        ConfigLoader.fromMap(
                                Map.of(
                                        "kafka.bootstrap-servers", "unused:9092",
                                        "learner.batch-size", "64")));
        try (SslMethod method = Methods.create(settings.learnerSettings())) {
            Path written =
                    Path.of(
                            ModelDirectory.write(ModelSnapshot.of(method), settings, dir.toString())
                                    .getPath());
            return written.resolve(ExportedEncoder.SAFETENSORS);
        }
    }
}
