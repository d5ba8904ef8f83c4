package dev.streamssl.tools.cli;

import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.tools.eval.EmbeddingTopicReader;
import dev.streamssl.tools.eval.KnnEvaluation;
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
        subcommands = EvalCommand.Knn.class,
        description = "Evaluate embeddings.")
public final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("choose an evaluation: streamssl eval knn --help");
        return 2;
    }

    /** Weighted kNN top-1 of split=test against split=train, one model version. */
    @Command(
            name = "knn",
            mixinStandardHelpOptions = true,
            description =
                    "Weighted kNN top-1 (cosine) of split=test embeddings against split=train ones, all from one model version.")
    public static final class Knn implements Callable<Integer> {
        @Mixin EmbeddingTopic source;

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

        @Option(
                names = "--method",
                description = "Method to evaluate when the topic holds several.")
        String method;

        @Option(
                names = "--model-version",
                description = "Model version to evaluate (default: newest with both splits).")
        Long modelVersion;

        @Override
        public Integer call() throws Exception {
            if (k < 1 || !(temperature > 0)) {
                throw new IllegalArgumentException("-k must be >= 1 and --temperature > 0");
            }
            EmbeddingTopicReader reader = source.reader();
            List<EmbeddingRecord> records =
                    reader.read(
                            null,
                            Duration.ofSeconds(source.idleSeconds),
                            Duration.ofHours(1),
                            null);
            KnnEvaluation.Result r =
                    KnnEvaluation.evaluate(records, method, modelVersion, k, temperature);
            System.out.printf(
                    "method=%s model_version=%d bank=%d test=%d left_out_other_versions=%d%n",
                    r.method(), r.modelVersion(), r.bankSize(), r.testSize(), r.leftOut());
            System.out.printf("knn_top1=%.4f (k=%d, T=%s)%n", r.top1(), k, temperature);
            for (KnnEvaluation.ClassScore c : r.perClass()) {
                System.out.printf(
                        "  class %d%s: %.4f (%d of %d)%n",
                        c.label(),
                        c.name() == null ? "" : " " + c.name(),
                        c.top1(),
                        c.correct(),
                        c.total());
            }
            return 0;
        }
    }
}
