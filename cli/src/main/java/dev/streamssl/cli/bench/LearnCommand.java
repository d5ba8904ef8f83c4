package dev.streamssl.cli.bench;

import dev.streamssl.cli.DemoCommand;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.drift.DriftCheck;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.LearningCurve;
import dev.streamssl.stack.continual.Scenarios;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl bench learn}: a learning curve outside the pipeline, kNN top-1 every so many
 * images trained, for ablations of a recipe and for the distribution-shift experiment.
 */
@Command(
        name = "learn",
        mixinStandardHelpOptions = true,
        description =
                "Train a method on a data set in this JVM (no Kafka, no Flink) and print kNN top-1 every --eval-every images.")
public final class LearnCommand implements Callable<Integer> {
    @Mixin KnnData data = new KnnData(10000);

    @Option(
            names = "--images",
            defaultValue = "65536",
            description = "Images to train on (default: ${DEFAULT-VALUE}).")
    long images;

    @Option(
            names = "--eval-every",
            defaultValue = "16384",
            description = "Measure kNN every N images (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(
            names = "--classes",
            paramLabel = "C,C,...",
            split = ",",
            description = "Train only on these classes until --shift-at.")
    Set<Integer> classes;

    @Option(
            names = "--shift-to",
            paramLabel = "C,C,...",
            split = ",",
            description = "Classes the stream carries from --shift-at on.")
    Set<Integer> shiftTo;

    @Option(
            names = "--shift-at",
            paramLabel = "N",
            defaultValue = "0",
            description = "Images trained before the shift.")
    long shiftAt;

    @Option(
            names = "--held-out",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Fashion-MNIST only: take the last N training images out of the stream and score"
                            + " them as queries too, beside the whole test split (more queries, a"
                            + " smaller standard error; --test-size is then ignored).")
    int heldOut;

    @Option(
            names = "--precise-bn",
            description =
                    "Score every point after re-estimating the encoder's BatchNorm statistics on 48"
                            + " batches of 128 training images, as the learning test does (the"
                            + " untrained start included).")
    boolean preciseBatchNorm;

    @Mixin JobOverrides job;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || evalEvery < 1 || data.bankSize < 1 || data.testSize < 1) {
            throw new IllegalArgumentException(
                    "--images, --eval-every, --bank-size and --test-size must be >= 1");
        }
        if ((classes == null) != (shiftTo == null)) {
            throw new IllegalArgumentException("give --classes and --shift-to together");
        }
        if (classes != null && (shiftAt < 1 || shiftAt >= images)) {
            throw new IllegalArgumentException(
                    "--shift-at must be in [1, --images) when --classes is given");
        }
        // a cosine schedule over the images, as the demo's; the user's options win
        JobSettings settings =
                JobOverrides.connectionless(
                        DemoCommand.withBudgetSchedule(Map.of(), job.values(), images, 0));
        LearningCurve.Options options =
                new LearningCurve.Options(
                        settings,
                        heldOut > 0 ? heldOutData() : data.load(),
                        Scenarios.shift("learn", images, classes, shiftTo, shiftAt),
                        evalEvery,
                        KnnData.K,
                        KnnData.TEMPERATURE,
                        true,
                        DriftCheck.Settings.OFF,
                        preciseBatchNorm);
        new LearningCurve(options, System.out).run();
        return 0;
    }

    private DemoData heldOutData() throws java.io.IOException {
        if (!data.dataset.equals("fashion-mnist")) {
            throw new IllegalArgumentException(
                    "--held-out needs --dataset fashion-mnist, got " + data.dataset);
        }
        return DemoData.fashionMnistWithHeldOut(data.bankSize, heldOut);
    }
}
