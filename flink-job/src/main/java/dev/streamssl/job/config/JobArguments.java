package dev.streamssl.job.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's command line, as {@code flink run}, the REST API and the {@code streamssl} CLI pass it
 * to the mains: {@code --config FILE} and {@code key=value} (or {@code --set key=value}) overrides,
 * read into validated {@link JobSettings}. Anything else fails naming the argument and the usage.
 */
public final class JobArguments {
    private JobArguments() {}

    /** The settings of {@code --config FILE [--set] key=value ...}. */
    public static JobSettings parse(String[] args) throws IOException {
        Path config = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (a.equals("--set") && i + 1 < args.length) {
                overrides.add(args[++i]);
            } else if (a.contains("=") && !a.startsWith("--")) {
                overrides.add(a);
            } else {
                throw new IllegalArgumentException(
                        "unexpected argument '"
                                + a
                                + "'; usage: --config FILE [--set key=value ...]");
            }
        }
        return JobSettings.from(ConfigLoader.load(config, overrides));
    }
}
