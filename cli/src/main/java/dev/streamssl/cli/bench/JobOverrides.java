package dev.streamssl.cli.bench;

import dev.streamssl.cli.KeyValueArguments;
import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Parameters;

/**
 * The job options a benchmark takes as {@code KEY=VALUE} after its own options (a picocli mixin),
 * and the job's validated settings built from them.
 */
public final class JobOverrides {
    @Parameters(
            paramLabel = "KEY=VALUE",
            description = "Job option overrides (see docs/configuration.md).")
    List<String> overrides = new ArrayList<>();

    /** The overrides in the order given, a later one winning; one without '=' is refused. */
    Map<String, String> values() {
        return KeyValueArguments.apply(new LinkedHashMap<>(), overrides);
    }

    /**
     * The settings of the benchmark's {@code options} with the user's overrides on top, for a
     * benchmark that opens no connection.
     */
    JobSettings offline(Map<String, String> options) {
        return connectionless(KeyValueArguments.apply(options, overrides));
    }

    /**
     * The settings of {@code job} as they are. The job's options are validated as the job's, and
     * they require a bootstrap address: a placeholder, as the benchmark opens no connection.
     */
    static JobSettings connectionless(Map<String, String> job) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("kafka.bootstrap-servers", "unused:9092");
        all.putAll(job);
        return JobSettings.from(ConfigLoader.fromMap(all));
    }
}
