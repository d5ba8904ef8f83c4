package dev.streamssl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.method.Methods;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered method learns: trained on a small stream of the built-in synthetic shapes (ten
 * classes, random position, scale, contrast and noise), its encoder's kNN top-1 on held-out shapes
 * ends above that of its own untrained encoder. The learner core alone, as {@code bench learn} runs
 * it (no broker, no job): the job path of every method is {@code MethodsITCase}'s.
 */
class MethodsLearnTest {
    private static final int BATCH = 64;
    private static final int STEPS = 80;

    static List<String> methods() {
        return Methods.names();
    }

    @ParameterizedTest
    @MethodSource("methods")
    void trainedEncoderBeatsTheUntrainedOne(String method) throws Exception {
        Map<String, String> options = new HashMap<>(small());
        options.put("learner.method", method);
        JobSettings settings = JobSettings.from(ConfigLoader.fromMap(options));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<LearningCurve.Point> curve =
                new LearningCurve(
                                new LearningCurve.Options(
                                        settings,
                                        DemoDataSets.load("synthetic", 1000, 500),
                                        (long) STEPS * BATCH,
                                        (long) STEPS * BATCH,
                                        null,
                                        null,
                                        0,
                                        20,
                                        0.07),
                                new PrintStream(log, true, StandardCharsets.UTF_8))
                        .run();
        double untrained = curve.get(0).knn().get("all");
        double trained = curve.get(curve.size() - 1).knn().get("all");
        System.out.printf("%s: untrained %.4f, trained %.4f%n", method, untrained, trained);
        assertThat(trained)
                .as("%s: kNN after %d steps vs untrained%n%s", method, STEPS, log)
                .isGreaterThan(untrained);
    }

    /** Small heads, queues and crops, a cosine schedule over the run's steps. */
    static Map<String, String> small() {
        Map<String, String> o = new HashMap<>();
        o.put("kafka.bootstrap-servers", "unused:9092");
        o.put("learner.batch-size", String.valueOf(BATCH));
        o.put("learner.device", "cpu");
        o.put("optimizer.schedule", "cosine");
        o.put("optimizer.warmup-steps", "5");
        o.put("optimizer.horizon-steps", String.valueOf(STEPS));
        o.put("simclr.projection-hidden-dim", "128");
        o.put("moco.projection-hidden-dim", "128");
        o.put("moco.queue-size", "512");
        o.put("byol.projection-hidden-dim", "128");
        o.put("dino.head-hidden-dim", "128");
        o.put("dino.output-dim", "256");
        o.put("dino.local-crops", "2");
        o.put("dino.teacher-temperature-warmup-steps", "20");
        o.put("dino.freeze-last-layer-steps", "5");
        o.put("deepcluster.clusters", "20");
        o.put("deepcluster.recluster-steps", "20");
        o.put("deepcluster.memory-size", "1024");
        o.put("deepercluster.super-clusters", "2");
        o.put("deepercluster.sub-clusters", "10");
        o.put("selflabel.clusters", "20");
        o.put("selflabel.queue-size", "512");
        o.put("selflabel.relabel-steps", "10");
        o.put("swav.prototypes", "30");
        o.put("swav.queue-size", "256");
        o.put("swav.freeze-prototypes-steps", "5");
        o.put("swav.projection-hidden-dim", "128");
        o.put("swav.local-crops", "2");
        o.put("barlowtwins.projection-hidden-dim", "128");
        o.put("barlowtwins.projection-dim", "128");
        o.put("vicreg.expander-dim", "128");
        o.put("simsiam.projection-dim", "128");
        o.put("simsiam.predictor-hidden-dim", "32");
        o.put("nnclr.queue-size", "512");
        o.put("nnclr.projection-hidden-dim", "128");
        return o;
    }
}
