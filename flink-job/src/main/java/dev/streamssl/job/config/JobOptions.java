package dev.streamssl.job.config;

import dev.streamssl.job.fault.FaultInjection;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The job as a Flink job: name, checkpoints, parallelism. */
public final class JobOptions {
    private JobOptions() {}

    public static final ConfigOption<String> NAME =
            ConfigOptions.key("job.name")
                    .stringType()
                    .defaultValue("streamssl")
                    .withDescription("Flink job name.");

    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("job.checkpoint-dir")
                    .stringType()
                    .defaultValue("file:///tmp/streamssl/checkpoints")
                    .withDescription(
                            "Checkpoint directory URI (file://, s3://, hdfs://). Always set: without it"
                                    + " Flink caps each state at 5 MiB.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("job.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval; with exactly-once delivery, embeddings become visible"
                                    + " to read_committed consumers at each checkpoint.");

    public static final ConfigOption<Integer> DECODE_PARALLELISM =
            ConfigOptions.key("job.decode-parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Parallelism of the Kafka source and the decoder.");

    public static final ConfigOption<Integer> EMBEDDER_PARALLELISM =
            ConfigOptions.key("job.embedder-parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Parallelism of the embedders and the embeddings sink.");

    public static final ConfigOption<String> INJECT_FAILURE =
            ConfigOptions.key("job.inject-failure")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "For recovery tests: POINT@N[,POINT@N] throws once when POINT (decode,"
                                    + " learner-step, learner-snapshot, embedder) is passed the N-th"
                                    + " time in a TaskManager process.");

    /** The rules of these options, checked at start-up. */
    static final List<OptionCheck> CHECKS =
            List.of(
                    // the parser fails naming the part that is not POINT@N
                    c -> FaultInjection.parse(c.get(INJECT_FAILURE)),
                    OptionCheck.range(DECODE_PARALLELISM, 1, 1024),
                    OptionCheck.range(EMBEDDER_PARALLELISM, 1, 1024));
}
