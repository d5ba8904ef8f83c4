package dev.streamssl.job.config;

import java.time.Duration;
import java.util.List;
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

    public static final ConfigOption<Integer> THREADS =
            ConfigOptions.key("embedder.threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Threads libtorch uses for one of an embedder's operations (forward"
                                    + " passes, the live kNN); 0: every core. One by default: an"
                                    + " embedder's work is a fraction of the learner's, and a wider"
                                    + " team would take cores from the learner.");

    public static final ConfigOption<Integer> NICENESS =
            ConfigOptions.key("embedder.niceness")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Linux nice value of each embedder's thread (0..19; 0 leaves it):"
                                    + " when the learner and the embedders want the same cores,"
                                    + " the scheduler gives an embedder at 10 about a tenth of a"
                                    + " core against the learner, and every idle core. Embedding"
                                    + " then lags behind a stream faster than the machine instead"
                                    + " of slowing training.");

    public static final ConfigOption<Duration> MAX_LAG =
            ConfigOptions.key("embedder.max-lag")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "How far the embeddings may fall behind the head of the images topic"
                                    + " (the age of the images being embedded) while the learner"
                                    + " goes first. Past it, a learner sharing the embedders'"
                                    + " machine takes only learner.yield-share of the time until"
                                    + " the embedders are back under half of it; 0: the learner"
                                    + " always goes first.");

    public static final ConfigOption<Duration> FLUSH_INTERVAL =
            ConfigOptions.key("embedder.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription("A partial batch is embedded after waiting this long.");

    public static final ConfigOption<Integer> LIVE_KNN_BANK_SIZE =
            ConfigOptions.key("embedder.live-knn.bank-size")
                    .intType()
                    .defaultValue(2000)
                    .withDescription(
                            "Labelled images tagged split=train each embedder keeps (a uniform"
                                    + " sample) to score the live kNN against; 0 turns it off.");

    public static final ConfigOption<Integer> LIVE_KNN_TEST_SIZE =
            ConfigOptions.key("embedder.live-knn.test-size")
                    .intType()
                    .defaultValue(500)
                    .withDescription(
                            "Labelled images tagged split=test each embedder keeps (a uniform"
                                    + " sample) and classifies.");

    public static final ConfigOption<Duration> LIVE_KNN_INTERVAL =
            ConfigOptions.key("embedder.live-knn.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "At most one live kNN evaluation per interval, when a newer model"
                                    + " version has arrived.");

    /** The rules of these options, checked at start-up. */
    static final List<OptionCheck> CHECKS =
            List.of(
                    OptionCheck.range(BATCH_SIZE, 1, 65536),
                    OptionCheck.range(THREADS, 0, 1024),
                    OptionCheck.range(NICENESS, 0, 19),
                    c -> {
                        if (c.get(MAX_LAG).isNegative()) {
                            throw new IllegalArgumentException(
                                    MAX_LAG.key() + " = " + c.get(MAX_LAG) + " is negative");
                        }
                    },
                    OptionCheck.range(LIVE_KNN_BANK_SIZE, 0, 1 << 20),
                    OptionCheck.range(LIVE_KNN_TEST_SIZE, 1, 1 << 20));
}
