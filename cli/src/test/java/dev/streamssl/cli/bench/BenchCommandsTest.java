package dev.streamssl.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.cli.Console;
import dev.streamssl.cli.StreamsslCli;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.config.OptimizerOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code streamssl bench}: every benchmark is a subcommand, the shared option mixins give each
 * command its own defaults, and bad values are refused with exit code 2 before anything runs.
 */
class BenchCommandsTest {
    @RegisterExtension final Console console = new Console();

    @Test
    void benchListsEveryBenchmark() {
        CommandLine bench = new CommandLine(new StreamsslCli()).getSubcommands().get("bench");
        assertThat(bench.getSubcommands().keySet())
                .containsExactly(
                        "local-sgd",
                        "round",
                        "train-step",
                        "augment",
                        "decode",
                        "embed",
                        "learn",
                        "continual",
                        "knn",
                        "pipeline",
                        "soak");
    }

    @Test
    void eachCommandKeepsItsOwnDataDefaults() {
        LearnCommand learn = parse("learn");
        LocalSgdCommand localSgd = parse("local-sgd");
        assertThat(learn.data.testSize).isEqualTo(10000);
        assertThat(localSgd.data.testSize).isEqualTo(2000);
        assertThat(localSgd.data.bankSize).isEqualTo(10000);
        assertThat(learn.data.dataset).isEqualTo("fashion-mnist");
        LocalSgdCommand given = parse("local-sgd", "--test-size", "50", "--dataset", "synthetic");
        assertThat(given.data.testSize).isEqualTo(50);
        assertThat(given.data.dataset).isEqualTo("synthetic");
    }

    @Test
    void theOverridesFollowTheOptionsAndTheLaterOneWins() {
        TrainStepCommand step = parse("train-step", "--steps", "2", "a.b=1", "a.b=2");
        assertThat(step.job.values()).containsExactly(Map.entry("a.b", "2"));
        assertThat(step.run.batch).isEqualTo(256);
        assertThat(step.run.device).isEqualTo("auto");
    }

    @Test
    void theUsersOptionsWinOverTrainStepsButNotOverLocalSgdsLearners() {
        // train-step trains without warm-up unless the user asks for one
        TrainStepCommand step = parse("train-step", "optimizer.warmup-steps=3");
        assertThat(
                        step.job
                                .offline(Map.of("optimizer.warmup-steps", "0"))
                                .get(OptimizerOptions.WARMUP_STEPS))
                .isEqualTo(3L);
        assertThat(
                        ((TrainStepCommand) parse("train-step"))
                                .job
                                .offline(Map.of("optimizer.warmup-steps", "0"))
                                .get(OptimizerOptions.WARMUP_STEPS))
                .isEqualTo(0L);
        // local-sgd sets the count of learners and their period itself, whatever KEY=VALUE says
        LocalSgdCommand localSgd =
                parse("local-sgd", "learner.parallelism=8", "learner.sync-every=7");
        JobSettings settings = localSgd.settings(4, 10);
        assertThat(settings.learnerParallelism()).isEqualTo(4);
        assertThat(settings.get(LearnerOptions.SYNC_EVERY)).isEqualTo(10);
    }

    @Test
    void benchAloneNamesTheBenchmarks() {
        assertThat(StreamsslCli.execute("bench")).isEqualTo(2);
        assertThat(console.err()).contains("choose a benchmark: streamssl bench train-step|");
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheOptions() {
        assertThat(StreamsslCli.execute("bench", "learn", "--images", "0")).isEqualTo(2);
        assertThat(console.err())
                .contains(
                        "streamssl learn: --images, --eval-every, --bank-size and --test-size must be >= 1");
        assertThat(StreamsslCli.execute("bench", "local-sgd", "--test-size", "0")).isEqualTo(2);
        assertThat(console.err())
                .contains(
                        "streamssl local-sgd: --images, --bank-size and --test-size must be >= 1");
        assertThat(StreamsslCli.execute("bench", "train-step", "--batch", "1")).isEqualTo(2);
        assertThat(console.err())
                .contains(
                        "streamssl train-step: --batch must be >= 2, --steps >= 1, --warmup >= 0");
    }

    @Test
    void aJobOptionWithoutEqualsSignIsNamed() {
        assertThat(StreamsslCli.execute("bench", "pipeline", "learner.method")).isEqualTo(2);
        assertThat(console.err()).contains("'learner.method' is not KEY=VALUE");
    }

    @SuppressWarnings("unchecked")
    private static <T> T parse(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = new CommandLine(new StreamsslCli()).parseArgs(all);
        return (T) parsed.subcommand().subcommand().commandSpec().userObject();
    }
}
