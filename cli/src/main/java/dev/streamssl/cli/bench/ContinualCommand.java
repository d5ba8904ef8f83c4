package dev.streamssl.cli.bench;

import dev.streamssl.cli.DemoCommand;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.export.ModelDirectory;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.drift.DriftCheck;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.LearningCurve;
import dev.streamssl.stack.continual.ContinualSummary;
import dev.streamssl.stack.continual.DriftSummary;
import dev.streamssl.stack.continual.Scenario;
import dev.streamssl.stack.continual.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl bench continual}: a continual-learning scenario in this JVM (no Kafka, no
 * Flink), kNN on the scenario's old, new and whole test data every {@code --eval-every} images, the
 * drift statistic every {@code --drift-every}, and a summary: start, best, lowest and final kNN per
 * part, forgetting, plasticity, average accuracy, and when the drift alarm fired; with {@code
 * --joint}, the same images shuffled together beside it (the upper bound).
 *
 * <p>A continuing learner runs under the job's own settings: the constant learning rate of an
 * unbounded stream unless the overrides say otherwise. {@code --pretrain N} first trains a model on
 * N images of the whole training stream under the demo's cosine budget, exports it as the job
 * would, and starts the scenario from that export ({@code learner.init-from}), as a user continuing
 * from a demo's model does.
 */
@Command(
        name = "continual",
        mixinStandardHelpOptions = true,
        description =
                "Run a continual-learning scenario in this JVM and print kNN per part, forgetting and the drift alarm.")
public final class ContinualCommand implements Callable<Integer> {
    @Mixin KnnData data = new KnnData(2000);

    @Option(
            names = "--scenario",
            required = true,
            completionCandidates = ScenarioNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String scenario;

    @Option(
            names = "--images",
            defaultValue = "30000",
            description = "Images the scenario trains on (default: ${DEFAULT-VALUE}).")
    long images;

    @Option(
            names = "--eval-every",
            defaultValue = "3000",
            description =
                    "Measure kNN every N images, and at every change of the stream (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(
            names = "--pretrain",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "First train a model on N images of the whole stream (cosine budget), export it and start from it.")
    long pretrain;

    @Option(
            names = "--run-length",
            defaultValue = "1000",
            description = "correlated: images per run of one class (default: ${DEFAULT-VALUE}).")
    int runLength;

    @Option(
            names = "--joint",
            description = "Also run the joint upper bound: the same images, all parts mixed.")
    boolean joint;

    @Option(
            names = "--drift-every",
            defaultValue = "1024",
            description =
                    "Check for drift every N images; 0 turns it off (default: ${DEFAULT-VALUE}).")
    long driftEvery;

    @Option(
            names = "--drift-window",
            defaultValue = "128",
            description = "Recent images compared with the reference (default: ${DEFAULT-VALUE}).")
    int driftWindow;

    @Option(
            names = "--drift-reference",
            defaultValue = "512",
            description =
                    "Reference images, at least twice the window (default: ${DEFAULT-VALUE}).")
    int driftReference;

    @Option(
            names = "--false-alarm-rate",
            defaultValue = "0.005",
            description =
                    "Share of checks on an unchanged stream allowed to alarm (default: ${DEFAULT-VALUE}).")
    double falseAlarmRate;

    @Mixin JobOverrides job;

    /** The scenarios' names for picocli's help. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Scenarios.names().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (images < 1 || evalEvery < 1 || pretrain < 0 || runLength < 1) {
            throw new IllegalArgumentException(
                    "--images, --eval-every and --run-length must be >= 1, --pretrain >= 0");
        }
        if (driftEvery > 0 && driftReference < 2 * driftWindow) {
            throw new IllegalArgumentException(
                    "--drift-reference must be at least twice --drift-window");
        }
        Scenario chosen = Scenarios.named(scenario, images, runLength);
        Map<String, String> user = job.values();
        DemoData loaded = data.load();
        if (pretrain > 0) {
            if (user.containsKey("learner.init-from")) {
                throw new IllegalArgumentException(
                        "give --pretrain or learner.init-from=..., not both");
            }
            user = new LinkedHashMap<>(user);
            user.put("learner.init-from", pretrained(loaded, job.values()).toString());
        }
        JobSettings settings = JobOverrides.connectionless(user);
        DriftCheck.Settings drift =
                new DriftCheck.Settings(driftReference, driftWindow, driftEvery, falseAlarmRate);
        System.out.printf("scenario %s: %d images%n", chosen.name(), chosen.images());
        LearningCurve run = curve(settings, loaded, chosen, drift);
        List<LearningCurve.Point> points = run.run();
        ContinualSummary jointSummary = null;
        if (joint) {
            Scenario upper = chosen.joint();
            System.out.printf("%nscenario %s: %d images%n", upper.name(), upper.images());
            List<LearningCurve.Point> jointPoints =
                    curve(settings, loaded, upper, DriftCheck.Settings.OFF).run();
            jointSummary = ContinualSummary.of(upper, jointPoints, lastPhaseStart(chosen));
        }
        System.out.println();
        ContinualSummary.of(chosen, points, lastPhaseStart(chosen)).print(System.out, jointSummary);
        DriftSummary.print(System.out, run.driftChecks(), chosen.phaseEnds());
        return 0;
    }

    private LearningCurve curve(
            JobSettings settings, DemoData loaded, Scenario s, DriftCheck.Settings drift) {
        return new LearningCurve(
                new LearningCurve.Options(
                        settings,
                        loaded,
                        s,
                        evalEvery,
                        KnnData.K,
                        KnnData.TEMPERATURE,
                        true,
                        drift,
                        false),
                System.out);
    }

    private static long lastPhaseStart(Scenario s) {
        List<Long> ends = s.phaseEnds();
        return ends.size() < 2 ? 0 : ends.get(ends.size() - 2);
    }

    /** Trains on the whole stream under the demo's budget and exports it; its safetensors file. */
    private Path pretrained(DemoData loaded, Map<String, String> user) throws Exception {
        JobSettings settings =
                JobOverrides.connectionless(
                        DemoCommand.withBudgetSchedule(Map.of(), user, pretrain, 0));
        Path dir = Files.createTempDirectory("streamssl-pretrained");
        System.out.printf("pretraining on %d images (cosine budget)%n", pretrain);
        Path[] written = new Path[1];
        new LearningCurve(
                        new LearningCurve.Options(
                                settings,
                                loaded,
                                Scenarios.shift("pretrain", pretrain, null, null, 0),
                                pretrain,
                                KnnData.K,
                                KnnData.TEMPERATURE,
                                false,
                                DriftCheck.Settings.OFF,
                                false),
                        System.out)
                .run(
                        method -> {
                            try {
                                written[0] =
                                        Path.of(
                                                ModelDirectory.write(
                                                                ModelSnapshot.of(method),
                                                                settings,
                                                                dir.toString())
                                                        .getPath());
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
        Path file = written[0].resolve(ExportedEncoder.SAFETENSORS);
        System.out.printf("exported the pretrained encoder to %s%n", file);
        return file;
    }
}
