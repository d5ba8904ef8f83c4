package dev.streamssl.cli;

import dev.streamssl.consumers.eval.KnnEvaluation;
import dev.streamssl.consumers.eval.LinearEvaluation;
import dev.streamssl.eval.LinearProbe;
import dev.streamssl.schemas.EmbeddingRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl eval}: evaluation of embeddings read from a topic. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        subcommands = {EvalCommand.Knn.class, EvalCommand.Linear.class},
        description = "Evaluate embeddings.")
public final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("choose an evaluation: streamssl eval knn|linear --help");
        return 2;
    }

    /** The embeddings an evaluation reads, and which method and model version it scores. */
    public static final class Selection {
        @Mixin EmbeddingTopic source;

        @Option(
                names = "--method",
                description = "Method to evaluate when the topic holds several.")
        String method;

        @Option(
                names = "--model-version",
                description = "Model version to evaluate (default: newest with both splits).")
        Long modelVersion;

        List<EmbeddingRecord> read() throws Exception {
            return source.reader()
                    .read(null, Duration.ofSeconds(source.idleSeconds), Duration.ofHours(1), null);
        }

        /** Prints the result as {@code <name>_top1=...} with what it was computed from. */
        static void print(KnnEvaluation.Result r, String name, String how) {
            System.out.printf(
                    "method=%s model_version=%d bank=%d test=%d left_out_other_versions=%d%n",
                    r.method(), r.modelVersion(), r.bankSize(), r.testSize(), r.leftOut());
            System.out.printf("%s_top1=%.4f (%s)%n", name, r.top1(), how);
            for (KnnEvaluation.ClassScore c : r.perClass()) {
                System.out.printf(
                        "  class %d%s: %.4f (%d of %d)%n",
                        c.label(),
                        c.name() == null ? "" : " " + c.name(),
                        c.top1(),
                        c.correct(),
                        c.total());
            }
        }
    }

    /** Weighted kNN top-1 of split=test against split=train, one model version. */
    @Command(
            name = "knn",
            mixinStandardHelpOptions = true,
            description =
                    "Weighted kNN top-1 (cosine) of split=test embeddings against split=train ones, all from one model version.")
    public static final class Knn implements Callable<Integer> {
        @Mixin Selection selection;

        @Option(
                names = "-k",
                defaultValue = "20",
                description = "Neighbours (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(
                names = {"-T", "--temperature"},
                defaultValue = "0.07",
                description = "Vote temperature (default: ${DEFAULT-VALUE}).")
        double temperature;

        @Override
        public Integer call() throws Exception {
            if (k < 1 || !(temperature > 0)) {
                throw new IllegalArgumentException("-k must be >= 1 and --temperature > 0");
            }
            KnnEvaluation.Result r =
                    KnnEvaluation.evaluate(
                            selection.read(),
                            selection.method,
                            selection.modelVersion,
                            k,
                            temperature);
            Selection.print(r, "knn", "k=" + k + ", T=" + temperature);
            return 0;
        }
    }

    /** Linear-probe top-1: logistic regression on the frozen split=train embeddings. */
    @Command(
            name = "linear",
            mixinStandardHelpOptions = true,
            description =
                    "Linear-probe top-1: a logistic regression trained on the frozen split=train embeddings (L2-normalised, standardised), scored on split=test, one model version.")
    public static final class Linear implements Callable<Integer> {
        @Mixin Selection selection;

        @Option(
                names = "--epochs",
                defaultValue = "100",
                description = "Passes over the bank (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(
                names = "--learning-rate",
                defaultValue = "0.1",
                description =
                        "SGD learning rate per 256 images, cosine-decayed (default: ${DEFAULT-VALUE}).")
        double learningRate;

        @Override
        public Integer call() throws Exception {
            LinearProbe.Settings settings =
                    new LinearProbe.Settings(epochs, 256, learningRate, 0.9, 0);
            List<EmbeddingRecord> records = selection.read();
            long start = System.nanoTime();
            KnnEvaluation.Result r =
                    LinearEvaluation.evaluate(
                            records, selection.method, selection.modelVersion, settings);
            Selection.print(
                    r,
                    "linear",
                    String.format(
                            "%d epochs, SGD lr %s, %.1f s",
                            epochs, learningRate, (System.nanoTime() - start) / 1e9));
            return 0;
        }
    }
}
