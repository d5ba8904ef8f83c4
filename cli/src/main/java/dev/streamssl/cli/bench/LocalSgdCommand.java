package dev.streamssl.cli.bench;

import dev.streamssl.bench.LocalSgdCurve;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.KnnProbe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl bench local-sgd}: the quality side of several learners, kNN after the same
 * number of images for each count of learners and averaging period, simulated in this JVM (see
 * {@link LocalSgdCurve}).
 */
@Command(
        name = "local-sgd",
        mixinStandardHelpOptions = true,
        description =
                "kNN top-1 after --images images for each count of learners in --learners and"
                        + " averaging period in --sync-every, the learners simulated in this"
                        + " JVM (no Kafka, no Flink).")
public final class LocalSgdCommand implements Callable<Integer> {
    @Mixin KnnData data = new KnnData(2000);

    @Option(
            names = "--images",
            defaultValue = "30720",
            description = "Images in all, over every learner (default: ${DEFAULT-VALUE}).")
    long images;

    @Option(
            names = "--learners",
            split = ",",
            defaultValue = "1,2,4",
            description = "Counts of learners (default: ${DEFAULT-VALUE}).")
    List<Integer> learners;

    @Option(
            names = "--sync-every",
            split = ",",
            defaultValue = "1,10,50",
            description = "Steps between rounds (default: ${DEFAULT-VALUE}).")
    List<Integer> syncEvery;

    @Mixin JobOverrides job;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || data.bankSize < 1 || data.testSize < 1) {
            throw new IllegalArgumentException(
                    "--images, --bank-size and --test-size must be >= 1");
        }
        DemoData demoData = data.load();
        KnnProbe probe = null;
        for (int n : learners) {
            // one learner has nothing to average: one run whatever the period
            for (int h : n == 1 ? List.of(1) : syncEvery) {
                JobSettings settings = settings(n, h);
                if (probe == null) {
                    probe = probe(demoData, settings);
                }
                LocalSgdCurve.run(settings, demoData, images, probe, System.out);
            }
        }
        return 0;
    }

    /**
     * The user's options with {@code learners} learners averaging every {@code syncEvery} steps.
     */
    JobSettings settings(int learners, int syncEvery) {
        Map<String, String> options = new LinkedHashMap<>(job.values());
        options.put("learner.parallelism", String.valueOf(learners));
        options.put("learner.sync-every", String.valueOf(syncEvery));
        return JobOverrides.connectionless(options);
    }

    /** The kNN scorer every run shares; prints the untrained encoder's score, the curves' start. */
    private static KnnProbe probe(DemoData data, JobSettings settings) {
        LearnerSettings l = settings.learnerSettings();
        KnnProbe probe =
                new KnnProbe(
                        data.bank(),
                        data.test(),
                        l.channels(),
                        l.imageSize(),
                        KnnData.K,
                        KnnData.TEMPERATURE);
        System.out.printf("untrained knn=%.4f%n", probe.untrained(settings));
        return probe;
    }
}
