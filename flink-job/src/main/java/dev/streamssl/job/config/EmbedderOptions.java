package dev.streamssl.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The embedders: micro-batching of inference. */
public final class EmbedderOptions {
    private EmbedderOptions() {}

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("embedder.batch-size")
                    .intType()
                    .defaultValue(128)
                    .withDescription("Images embedded per forward pass.");

    public static final ConfigOption<Duration> FLUSH_INTERVAL =
            ConfigOptions.key("embedder.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription("A partial batch is embedded after waiting this long.");
}
