package dev.streamssl.job.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.method.Methods;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the job's configuration, one bad value each, with the whole message it fails with:
 * the option's key and what is allowed, word for word, as users and scripts read them.
 */
class OptionChecksTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                bad(
                        "kafka.bootstrap-servers= ",
                        "option 'kafka.bootstrap-servers' is required (host:port of your Kafka"
                                + " brokers)"),
                bad(
                        "kafka.delivery=maybe",
                        "option 'kafka.delivery' = 'maybe' is not allowed; allowed: exactly-once,"
                                + " at-least-once"),
                bad(
                        "serde.format=json",
                        "option 'serde.format' = 'json' is not allowed; allowed: single-object,"
                                + " registry"),
                bad(
                        "kafka.starting-offsets=now",
                        "option 'kafka.starting-offsets' = 'now' is not allowed; allowed:"
                                + " earliest, latest, committed"),
                bad(
                        "learner.method=simsaim",
                        "option 'learner.method': method 'simsaim' is not known; known methods: "
                                + String.join(", ", Methods.names())),
                bad(
                        "learner.methods=simclr;moco;simclr",
                        "option 'learner.methods' names a method twice: [simclr, moco, simclr]"),
                bad(
                        "learner.recipe=huge",
                        "option 'learner.recipe' = 'huge' is not allowed; allowed: small, paper, continue"),
                bad(
                        "optimizer.schedule=step",
                        "option 'optimizer.schedule' = 'step' is not allowed; allowed: constant,"
                                + " cosine"),
                bad(
                        "learner.mode=never",
                        "option 'learner.mode' = 'never' is not allowed; allowed: every-image,"
                                + " sample, off"),
                bad(
                        "learner.replay.policy=lru",
                        "option 'learner.replay.policy' = 'lru' is not allowed; allowed: fifo,"
                                + " reservoir, minred"),
                range("learner.replay.steps-per-batch", 65, "[1, 64]"),
                range("input.channels", 4, "[1, 3]"),
                bad("input.channels=2", "option 'input.channels' = 2 is not allowed; use 1 or 3"),
                range("input.image-size", 7, "[8, 1024]"),
                range("input.decode-size", 20, "[input.image-size (28), 1024]"),
                range("input.decode-size", 1025, "[input.image-size (28), 1024]"),
                range("input.max-side", 7, "[8, 65536]"),
                range("input.max-bytes", 63, "[64, 2147483647]"),
                range("input.max-id-length", 0, "[1, 65536]"),
                range("kafka.topic-partitions", 0, "[1, 10000]"),
                range("kafka.topic-replication", 40000, "[1, 32767]"),
                range("input.max-pixels", 4294967297L, "[1, 4294967296]"),
                range("learner.batch-size", 1, "[2, 65536]"),
                range("learner.snapshot-interval", 0, "[1, 2147483647]"),
                range("learner.export.every-versions", 0, "[1, 2147483647]"),
                range("learner.sample.max-pending", 0, "[1, 1048576]"),
                range("learner.replay.capacity", 100, "[learner.batch-size (256), 4194304]"),
                range("learner.metrics-interval", 0, "[1, 2147483647]"),
                bad(
                        "job.inject-failure=decode@0",
                        "option 'job.inject-failure': 'decode@0' is not POINT@N with POINT one of"
                                + " decode, learner-step, learner-snapshot, embedder and N a count"
                                + " of at least 1"),
                range("job.decode-parallelism", 0, "[1, 1024]"),
                range("job.embedder-parallelism", 1025, "[1, 1024]"),
                range("embedder.batch-size", 0, "[1, 65536]"),
                range("embedder.threads", -1, "[0, 1024]"),
                range("embedder.niceness", 20, "[0, 19]"),
                range("learner.threads", -1, "[0, 1024]"),
                range("embedder.live-knn.bank-size", -1, "[0, 1048576]"),
                range("embedder.live-knn.test-size", 0, "[1, 1048576]"),
                range("kafka.dead-letter-max-bytes", -1, "[0, 1048576]"),
                bad(
                        "learner.max-steps=-1",
                        "option 'learner.max-steps' must be >= 0 (0 = no limit)"),
                bad(
                        "kafka.transaction-timeout=20 min",
                        "option 'kafka.transaction-timeout' = PT20M exceeds the broker default"
                                + " maximum of 15 minutes"),
                bad(
                        "input.channels=3",
                        "options 'input.mean' and 'input.std' need one value per channel (3), got"
                                + " [0.286] and [0.353]"),
                range("learner.parallelism", 0, "[1, 1024]"),
                range("learner.sync-every", 0, "[1, 2147483647]"),
                range("learner.slot.gpus", 65, "[0, 64]"),
                bad(
                        "learner.slot.gpus=1",
                        "option 'learner.slot.gpus' = 1 needs learner.slot.cpu-cores and"
                                + " learner.slot.task-heap-memory-mb above 0 (Flink sizes a slot"
                                + " that asks for a GPU by all three)"),
                bad(
                        "learner.device=tpu",
                        "option 'learner.device' = 'tpu' is not cpu, auto or gpu:N"),
                bad(
                        "learner.outer-optimizer=adam",
                        "learner.outer-optimizer = 'adam' is not known; allowed: average,"
                                + " nesterov"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void aBadValueFailsNamingTheOptionAndWhatIsAllowed(String override, String message) {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap-servers", "localhost:9092");
        int eq = override.indexOf('=');
        c.put(override.substring(0, eq), override.substring(eq + 1).strip());
        assertThatThrownBy(() -> JobSettings.from(ConfigLoader.fromMap(c)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    private static Arguments bad(String override, String message) {
        return Arguments.of(override, message);
    }

    private static Arguments range(String key, long value, String allowed) {
        return bad(
                key + "=" + value,
                "option '" + key + "' = " + value + " is out of range; allowed: " + allowed);
    }
}
