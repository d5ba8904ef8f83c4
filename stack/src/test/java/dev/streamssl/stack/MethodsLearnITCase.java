package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.eval.PairedDifference;
import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.method.Methods;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered method learns: with its defaults and the cosine schedule of a short budget,
 * trained on the start of Fashion-MNIST's training split (Debian's dataset-fashion-mnist, which
 * {@code .ci/run} installs), its encoder classifies the whole 10 000-image test set by kNN (k 20, T
 * 0.07, against the first 10 000 training images) better than its own untrained encoder, by more
 * than the choice of test images can explain: the paired difference must exceed 3.09 standard
 * errors ({@link PairedDifference}, one-sided 0.1 %). With 10 000 test images that standard error
 * is 0.33-0.38 points here, so the margin is about 1.1-1.2 points of kNN top-1.
 *
 * <p>The learner core alone, exactly as {@code ./streamssl bench learn --images N --eval-every N
 * learner.method=M learner.batch-size=B optimizer.schedule=cosine optimizer.horizon-steps=S
 * optimizer.warmup-steps=S/10} runs it (no broker, no job: the job path of every method is {@code
 * MethodsITCase}'s), so the figures it prints are that command's. Batches of 128 rather than 256:
 * at the same number of images, twice the steps moved every method further (BYOL's kNN gain +1.2
 * against +0.0 points, Barlow Twins' +2.5 against +0.9), and the EMA methods' targets, whose time
 * constant is counted in steps, move at all. The budgets are the smallest measured to clear the
 * margin by a safe distance; {@code docs/benchmarks.md} has the table.
 */
class MethodsLearnITCase {
    private static final int BATCH = 128;

    /** Training images scored as queries beside the 10 000 test images, never trained on. */
    private static final int HELD_OUT = 20_000;

    private static final int DEFAULT_STEPS = 128;

    /** Steps for the methods that need more or fewer than {@link #DEFAULT_STEPS}, measured. */
    private static final Map<String, Integer> STEPS = Map.of();

    private static DemoData data;

    static List<String> methods() {
        return System.getProperty("learn.methods") == null
                ? Methods.names()
                : List.of(System.getProperty("learn.methods").split(","));
    }

    @BeforeAll
    static void readFashionMnist() throws Exception {
        data = DemoData.fashionMnistWithHeldOut(10_000, HELD_OUT);
    }

    @Test
    void everyBudgetNamesARegisteredMethod() {
        assertThat(Methods.names()).containsAll(STEPS.keySet());
    }

    @ParameterizedTest
    @MethodSource("methods")
    void trainedEncoderBeatsTheUntrainedOneByMoreThanTestSetNoise(String method) {
        int steps = STEPS.getOrDefault(method, DEFAULT_STEPS);
        Map<String, String> options = new HashMap<>(options(steps));
        options.put("learner.method", method);
        JobSettings settings = JobSettings.from(ConfigLoader.fromMap(options));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<LearningCurve.Point> curve =
                new LearningCurve(
                                new LearningCurve.Options(
                                        settings,
                                        data,
                                        (long) steps * BATCH,
                                        (long) steps * BATCH,
                                        null,
                                        null,
                                        0,
                                        20,
                                        0.07),
                                new PrintStream(log, true, StandardCharsets.UTF_8))
                        .run();
        LearningCurve.Point untrained = curve.get(0);
        LearningCurve.Point trained = curve.get(curve.size() - 1);
        PairedDifference gain =
                PairedDifference.of(untrained.correct().get("all"), trained.correct().get("all"));
        System.out.printf(
                "%s: %d steps of %d, untrained %.4f, trained %.4f, gain %s%n",
                method, steps, BATCH, untrained.knn().get("all"), trained.knn().get("all"), gain);
        assertThat(gain.z())
                .as(
                        "%s: kNN gain over the untrained encoder after %d steps, %s%n%s",
                        method, steps, gain, log)
                .isGreaterThan(PairedDifference.Z_999);
    }

    /**
     * Every method's defaults, with batches of {@link #BATCH} and the cosine schedule a budget of
     * {@code steps} gets: what {@code ./streamssl bench learn} runs with those options.
     */
    static Map<String, String> options(int steps) {
        Map<String, String> o = new HashMap<>();
        o.put("kafka.bootstrap-servers", "unused:9092");
        o.put("learner.device", "cpu");
        o.put("learner.batch-size", String.valueOf(BATCH));
        o.put("optimizer.schedule", "cosine");
        o.put("optimizer.horizon-steps", String.valueOf(steps));
        o.put("optimizer.warmup-steps", String.valueOf(steps / 10));
        return o;
    }
}
