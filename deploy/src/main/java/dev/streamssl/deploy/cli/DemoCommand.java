package dev.streamssl.deploy.cli;

import dev.streamssl.deploy.Demo;
import dev.streamssl.deploy.DemoData;
import dev.streamssl.deploy.DemoDataSets;
import dev.streamssl.tools.data.FashionMnist;
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
            defaultValue = "simclr",
            description = "Method (default: ${DEFAULT-VALUE}).")
    String method;

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
        if (bankSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("--bank-size and --test-size must be >= 1");
        }
        long images = trainImages != null ? trainImages : trainSeconds != null ? 0 : 120_000;
        long seconds = trainSeconds != null ? trainSeconds : 0;
        String chosen = dataset;
        if (chosen.equals("fashion-mnist") && !FashionMnist.isInstalled(FashionMnist.DEFAULT_DIR)) {
            System.out.println(
                    "Fashion-MNIST is not installed in "
                            + FashionMnist.DEFAULT_DIR
                            + "; "
                            + FashionMnist.INSTALL_HINT
                            + ". Falling back to the synthetic data set.");
            chosen = "synthetic";
        }
        Map<String, String> job = new LinkedHashMap<>();
        job.put("learner.method", methods == null ? method : methods.get(0));
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
        job = withBudgetSchedule(KeyValueArguments.apply(job, overrides), images, seconds);
        DemoData data = DemoDataSets.load(chosen, bankSize, testSize);
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
                        0.07);
        new Demo(options, System.out).run();
        return 0;
    }

    /**
     * A run with a known budget decays its learning rate by cosine over the budget's steps: the
     * images divided by the batch size, or, with a time budget, an estimate of ~500 training images
     * per second on two cores. Options the user set win.
     */
    static Map<String, String> withBudgetSchedule(
            Map<String, String> options, long images, long seconds) {
        int batch = Integer.parseInt(options.getOrDefault("learner.batch-size", "256"));
        long steps = Math.max((images > 0 ? images : seconds * 500) / batch, 1);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("optimizer.schedule", "cosine");
        out.put("optimizer.horizon-steps", String.valueOf(steps));
        out.put("optimizer.warmup-steps", String.valueOf(Math.min(50, steps / 10)));
        out.putAll(options);
        return out;
    }
}
