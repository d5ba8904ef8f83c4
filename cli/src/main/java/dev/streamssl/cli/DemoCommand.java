package dev.streamssl.cli;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.producers.data.FashionMnist;
import dev.streamssl.producers.data.SkippedFiles;
import dev.streamssl.stack.Demo;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.continual.Scenario;
import dev.streamssl.stack.continual.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamssl demo}: watch a model learn from a Kafka stream, end to end, in one JVM. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Stream a data set through the job on an embedded broker + MiniCluster, then report kNN top-1 of the trained encoder against the untrained one and raw pixels.")
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--method",
            completionCandidates = MethodNames.class,
            description =
                    "Method: ${COMPLETION-CANDIDATES} (default: the --config file's learner.method, else simclr).")
    String method;

    /** The registered methods' names, for the help text and shell completion. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return dev.streamssl.learner.method.Methods.names().iterator();
        }
    }

    @Option(
            names = "--methods",
            paramLabel = "M1,M2,...",
            split = ",",
            description =
                    "Several methods side by side on the one stream (learner.methods), one kNN line each; replaces --method.")
    List<String> methods;

    @Option(
            names = "--dataset",
            defaultValue = "fashion-mnist",
            description = "fashion-mnist or synthetic (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "A labelled folder of photos (one sub-folder per class) instead of --dataset; about 20 %% of the files (by a hash of their path) are the test split. Pair it with --config deploy/config/rgb.yaml.")
    Path dir;

    @Option(
            names = "--labels-from-folders",
            description =
                    "With --dir: labels are the class sub-folders (the demo's kNN needs them; the default with --dir).")
    boolean labelsFromFolders;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "A job configuration (YAML, as the job takes it) applied before the KEY=VALUE overrides, e.g. deploy/config/rgb.yaml.")
    Path config;

    @Option(
            names = "--train-images",
            paramLabel = "N",
            description =
                    "Training budget in images; the stream loops over the training set (default: 120000 unless --train-seconds).")
    Long trainImages;

    @Option(
            names = "--train-seconds",
            paramLabel = "S",
            description = "Training budget in seconds instead of images.")
    Long trainSeconds;

    @Option(
            names = "--order",
            defaultValue = "shuffled",
            description =
                    "shuffled (the data set's order) or by-class (sorted by label, one class after the other, looping; try learner.replay.policy=reservoir|minred) (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(
            names = "--scenario",
            description =
                    "Stream a continual-learning scenario through the job instead of the shuffled data set: same, class-incremental, class-shift, domain-shift or correlated (docs/continual.md); prints kNN per part (old, new, all) at the start and the end, and the drift alarms against the points where the stream changed. The learning rate stays the stream's (no budget cosine).")
    String scenario;

    @Option(
            names = "--run-length",
            defaultValue = "1000",
            description =
                    "With --scenario correlated: images per run of one class (default: ${DEFAULT-VALUE}).")
    int runLength;

    @Option(
            names = "--init-from",
            paramLabel = "FILE",
            description =
                    "Start the encoder from this safetensors file (an export's encoder.safetensors, a torchvision ResNet-18, a timm ViT): learner.init-from.")
    Path initFrom;

    @Option(
            names = "--bank-size",
            defaultValue = "10000",
            description = "Labelled training images in the kNN bank (default: ${DEFAULT-VALUE}).")
    int bankSize;

    @Option(
            names = "--test-size",
            defaultValue = "10000",
            description = "Test images evaluated (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(
            names = "--summary-json",
            paramLabel = "FILE",
            description = "Write the results as JSON.")
    Path summaryJson;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            defaultValue = "streamssl-report",
            description =
                    "Write the run's HTML report (figures of training, live kNN, neighbours, projection) here before the stack stops; 'none' skips it (default: ${DEFAULT-VALUE}).")
    Path report;

    @Parameters(
            paramLabel = "KEY=VALUE",
            description = "Job option overrides (see docs/configuration.md).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (trainImages != null && trainSeconds != null) {
            throw new IllegalArgumentException("give --train-images or --train-seconds, not both");
        }
        if ((trainImages != null && trainImages < 1)
                || (trainSeconds != null && trainSeconds < 1)) {
            throw new IllegalArgumentException("the training budget must be positive");
        }
        if (dir == null && labelsFromFolders) {
            throw new IllegalArgumentException("--labels-from-folders applies to --dir");
        }
        if (dir != null && !dataset.equals("fashion-mnist")) {
            throw new IllegalArgumentException("give --dir or --dataset, not both");
        }
        if (bankSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("--bank-size and --test-size must be >= 1");
        }
        Scenario chosenScenario = null;
        if (scenario != null) {
            if (trainSeconds != null || dir != null || !order.equals("shuffled")) {
                throw new IllegalArgumentException(
                        "--scenario streams its own phases of the ten classes of --dataset: give"
                                + " it --train-images (default 30000), not --train-seconds, --dir"
                                + " or --order");
            }
            if (runLength < 1) {
                throw new IllegalArgumentException("--run-length must be >= 1");
            }
            chosenScenario =
                    Scenarios.named(
                            scenario, trainImages != null ? trainImages : 30_000, runLength);
        }
        long images =
                chosenScenario != null
                        ? chosenScenario.images()
                        : trainImages != null ? trainImages : trainSeconds != null ? 0 : 120_000;
        long seconds = trainSeconds != null ? trainSeconds : 0;
        String chosen = dataset;
        if (dir == null
                && chosen.equals("fashion-mnist")
                && !FashionMnist.isInstalled(FashionMnist.DEFAULT_DIR)) {
            System.out.println(
                    "Fashion-MNIST is not installed in "
                            + FashionMnist.DEFAULT_DIR
                            + "; "
                            + FashionMnist.INSTALL_HINT
                            + ". Falling back to the synthetic data set.");
            chosen = "synthetic";
        }
        // the file, then the demo's own settings and the budget's schedule, then KEY=VALUE
        Map<String, String> file = config == null ? Map.of() : ConfigLoader.readFlat(config);
        Map<String, String> job = new LinkedHashMap<>(file);
        job.put(
                "learner.method",
                methods != null
                        ? methods.get(0)
                        : method != null ? method : file.getOrDefault("learner.method", "simclr"));
        if (methods != null) {
            job.put("learner.methods", String.join(";", methods));
        }
        job.put(
                "job.checkpoint-dir",
                Files.createTempDirectory("streamssl-demo").toUri().toString());
        job.put("job.checkpoint-interval", "10s");
        job.put("learner.snapshot-interval", "100");
        job.put("embedder.batch-size", "256");
        // the demo paces publishing by the learner's reported progress: report often
        job.put("learner.metrics-interval", "2");
        Map<String, String> user =
                new LinkedHashMap<>(KeyValueArguments.apply(Map.of(), overrides));
        if (initFrom != null) {
            if (user.containsKey("learner.init-from")) {
                throw new IllegalArgumentException(
                        "give --init-from or learner.init-from=..., not both");
            }
            user.put("learner.init-from", initFrom.toAbsolutePath().toString());
        }
        if (chosenScenario == null) {
            job = withBudgetSchedule(job, user, images, seconds);
        } else {
            // a scenario is a stream that changes: the learning rate stays the stream's
            job.putAll(user);
        }
        SkippedFiles skipped = new SkippedFiles(System.err);
        DemoData data =
                dir != null
                        ? DemoDataSets.photos(dir, bankSize, testSize, skipped)
                        : DemoDataSets.load(chosen, bankSize, testSize);
        if (skipped.total() > 0) {
            System.out.println("skipped " + skipped.summary() + " files of " + dir);
        }
        if (dir != null && !"3".equals(job.get("input.channels"))) {
            System.out.println(
                    "note: the model takes grey 28-pixel input; for photos try --config"
                            + " deploy/config/rgb.yaml (3 channels, larger input)");
        }
        data =
                switch (order) {
                    case "shuffled" -> data;
                    case "by-class" -> data.byClass();
                    default ->
                            throw new IllegalArgumentException(
                                    "--order must be shuffled or by-class, got '" + order + "'");
                };
        Demo.Options options =
                new Demo.Options(
                        data,
                        images,
                        seconds,
                        job,
                        summaryJson,
                        report.toString().equals("none") ? null : report,
                        20,
                        0.07,
                        chosenScenario);
        new Demo(options, System.out).run();
        return 0;
    }

    /**
     * A run with a known budget decays its learning rate by cosine over the budget's steps: the
     * images divided by the batch size, or, with a time budget, an estimate of the images trained
     * per second on two cores: ~500 for the small CNN at 28 grey pixels, scaled by the input's
     * pixels to the power 1.5 (a fit to the demo's measurements at 28 grey and 64 RGB pixels:
     * larger inputs cost more than their pixels, as the feature maps outgrow the caches). The
     * schedule replaces one in {@code options} (a configuration file's, written for an unbounded
     * stream); the {@code user}'s KEY=VALUE options win over both.
     */
    public static Map<String, String> withBudgetSchedule(
            Map<String, String> options, Map<String, String> user, long images, long seconds) {
        Map<String, String> all = new LinkedHashMap<>(options);
        all.putAll(user);
        int batch = Integer.parseInt(all.getOrDefault("learner.batch-size", "256"));
        int side = Integer.parseInt(all.getOrDefault("input.image-size", "28"));
        int channels = Integer.parseInt(all.getOrDefault("input.channels", "1"));
        double pixels = (double) side * side * (channels == 3 ? 1.5 : 1.0) / (28 * 28);
        double perSecond = 500 / Math.pow(Math.max(pixels, 1.0), 1.5);
        long steps = Math.max((images > 0 ? images : (long) (seconds * perSecond)) / batch, 1);
        Map<String, String> out = new LinkedHashMap<>(options);
        out.put("optimizer.schedule", "cosine");
        out.put("optimizer.horizon-steps", String.valueOf(steps));
        out.put("optimizer.warmup-steps", String.valueOf(Math.min(50, steps / 10)));
        out.putAll(user);
        return out;
    }
}
