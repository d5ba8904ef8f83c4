package dev.streamssl.cli;

import dev.streamssl.bench.AugmentBenchmark;
import dev.streamssl.bench.DecodeBenchmark;
import dev.streamssl.bench.EmbedBenchmark;
import dev.streamssl.bench.LearningCurve;
import dev.streamssl.bench.LocalSgdCurve;
import dev.streamssl.bench.PipelineBenchmark;
import dev.streamssl.bench.RoundCostBenchmark;
import dev.streamssl.bench.SoakBenchmark;
import dev.streamssl.bench.TrainStepBenchmark;
import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.KnnProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamssl bench}: micro-benchmarks that print numbers. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = {
            BenchCommand.LocalSgd.class,
            BenchCommand.Round.class,
            BenchCommand.TrainStep.class,
            BenchCommand.Augment.class,
            BenchCommand.Decode.class,
            BenchCommand.Embed.class,
            BenchCommand.Learn.class,
            BenchCommand.Knn.class,
            BenchCommand.Pipeline.class,
            BenchCommand.Soak.class
        },
        description = "Benchmarks (results go to docs/benchmarks.md).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println(
                "choose a benchmark: streamssl bench train-step|augment|decode|embed|learn|knn|pipeline|soak --help");
        return 2;
    }

    /** Times the training step of the default model. */
    @Command(
            name = "train-step",
            mixinStandardHelpOptions = true,
            description =
                    "Time training steps outside Flink: by default SimCLR on the small CNN at 28x28 grey; any method and encoder with KEY=VALUE job options.")
    public static final class TrainStep implements Callable<Integer> {
        @Mixin BatchAndDevice run;

        @Option(
                names = "--steps",
                defaultValue = "50",
                description = "Timed steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(
                names = "--warmup",
                defaultValue = "5",
                description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Parameters(
                paramLabel = "KEY=VALUE",
                description = "Job options, e.g. learner.method=dino learner.architecture=vit.")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() {
            if (run.batch < 2 || steps < 1 || warmup < 0) {
                throw new IllegalArgumentException(
                        "--batch must be >= 2, --steps >= 1, --warmup >= 0");
            }
            Map<String, String> job = new LinkedHashMap<>();
            job.put("learner.batch-size", String.valueOf(run.batch));
            job.put("learner.device", run.device);
            job.put("optimizer.warmup-steps", "0");
            JobSettings settings = offline(job, overrides);
            TrainStepBenchmark.Result r =
                    TrainStepBenchmark.run(
                            settings.learnerSettings(),
                            settings.decodeSize(),
                            steps,
                            warmup,
                            System.out);
            System.out.printf("rss_start_mb=%d rss_end_mb=%d%n", r.rssStartMb(), r.rssEndMb());
            System.out.printf(
                    "ms_per_step=%.1f images_per_second=%.1f%n",
                    r.msPerStep(), r.imagesPerSecond());
            return 0;
        }
    }

    /** Times the job's decoder on a folder of photos. */
    @Command(
            name = "decode",
            mixinStandardHelpOptions = true,
            description =
                    "Images/s of the job's decoder (upright, resize, centre crop) on a folder of photos as publish sends them.")
    public static final class Decode implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Photos.")
        java.nio.file.Path dir;

        @Option(
                names = "--size",
                defaultValue = "64",
                description = "Side of the model input (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(
                names = "--channels",
                defaultValue = "3",
                description = "Channels of the model input (default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(
                names = "--max-side",
                defaultValue = "1024",
                description =
                        "Long side photos are shrunk to before sending, as publish does; 0: as they are (default: ${DEFAULT-VALUE}).")
        int maxSide;

        @Option(
                names = "--rounds",
                defaultValue = "3",
                description = "Timed passes over the folder (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            if (size < 8 || (channels != 1 && channels != 3) || rounds < 1 || maxSide < 0) {
                throw new IllegalArgumentException(
                        "--size must be >= 8, --channels 1 or 3, --rounds >= 1, --max-side >= 0");
            }
            DecodeBenchmark.Result r =
                    DecodeBenchmark.run(dir, maxSide, channels, size, rounds, System.out);
            System.out.printf("rss_mb=%d%n", r.rssMb());
            System.out.printf(
                    "images_per_second=%.1f input_mb_per_second=%.1f%n",
                    r.imagesPerSecond(), r.megabytesPerSecond());
            return 0;
        }
    }

    /** Times the embedders' forward pass. */
    @Command(
            name = "embed",
            mixinStandardHelpOptions = true,
            description =
                    "Images/s of the embedders' forward pass (evaluation network) outside Flink, for any encoder and input with KEY=VALUE job options.")
    public static final class Embed implements Callable<Integer> {
        @Mixin BatchAndDevice run;

        @Option(
                names = "--batches",
                defaultValue = "10",
                description = "Timed batches (default: ${DEFAULT-VALUE}).")
        int batches;

        @Parameters(
                paramLabel = "KEY=VALUE",
                description = "Job options, e.g. input.channels=3 input.image-size=96.")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() {
            if (run.batch < 1 || batches < 1) {
                throw new IllegalArgumentException("--batch and --batches must be >= 1");
            }
            Map<String, String> job = new LinkedHashMap<>();
            job.put("learner.device", run.device);
            JobSettings settings = offline(job, overrides);
            EmbedBenchmark.Result r =
                    EmbedBenchmark.run(
                            settings.learnerSettings(),
                            settings.mean(),
                            settings.std(),
                            run.batch,
                            batches,
                            System.out);
            System.out.printf("rss_mb=%d%n", r.rssMb());
            System.out.printf("images_per_second=%.1f%n", r.imagesPerSecond());
            return 0;
        }
    }

    /** Times a view policy batched on the device against a per-image BufferedImage pipeline. */
    @Command(
            name = "augment",
            mixinStandardHelpOptions = true,
            description =
                    "Images/s of a view policy, batched on the device, next to a per-image BufferedImage baseline.")
    public static final class Augment implements Callable<Integer> {
        @Option(
                names = "--policy",
                defaultValue = "simclr",
                description = "simclr, moco, byol or dino (default: ${DEFAULT-VALUE}).")
        String policy;

        @Option(
                names = "--size",
                defaultValue = "28",
                description = "Image side; 28 is grey, others RGB (default: ${DEFAULT-VALUE}).")
        int size;

        @Mixin BatchAndDevice run;

        @Option(
                names = "--iterations",
                defaultValue = "5",
                description = "Timed batches (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Override
        public Integer call() {
            if (size < 8 || run.batch < 1 || iterations < 1) {
                throw new IllegalArgumentException(
                        "--size must be >= 8, --batch and --iterations >= 1");
            }
            AugmentBenchmark.Result r =
                    AugmentBenchmark.run(
                            policy, size, run.batch, iterations, run.device, System.out);
            System.out.printf("ms_per_batch=%.1f%n", r.msPerBatch());
            System.out.printf(
                    "images_per_second=%.1f baseline_images_per_second=%.1f%n",
                    r.imagesPerSecond(), r.baselineImagesPerSecond());
            return 0;
        }
    }

    /**
     * A learning curve outside the pipeline: kNN top-1 every so many images trained, for ablations
     * of a recipe and for the distribution-shift experiment.
     */
    @Command(
            name = "learn",
            mixinStandardHelpOptions = true,
            description =
                    "Train a method on a data set in this JVM (no Kafka, no Flink) and print kNN top-1 every --eval-every images.")
    public static final class Learn implements Callable<Integer> {
        @Option(
                names = "--dataset",
                defaultValue = "fashion-mnist",
                description = "fashion-mnist or synthetic (default: ${DEFAULT-VALUE}).")
        String dataset;

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
                names = "--bank-size",
                defaultValue = "10000",
                description =
                        "Labelled training images in the kNN bank (default: ${DEFAULT-VALUE}).")
        int bankSize;

        @Option(
                names = "--test-size",
                defaultValue = "10000",
                description = "Test images evaluated (default: ${DEFAULT-VALUE}).")
        int testSize;

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

        @Parameters(
                paramLabel = "KEY=VALUE",
                description = "Job option overrides (see docs/configuration.md).")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (images < 1 || evalEvery < 1 || bankSize < 1 || testSize < 1) {
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
            Map<String, String> job = new LinkedHashMap<>();
            // the options are validated as the job's; this benchmark opens no connection
            job.put("kafka.bootstrap-servers", "unused:9092");
            job =
                    DemoCommand.withBudgetSchedule(
                            job, KeyValueArguments.apply(Map.of(), overrides), images, 0);
            JobSettings settings = JobSettings.from(ConfigLoader.fromMap(job));
            LearningCurve.Options options =
                    new LearningCurve.Options(
                            settings,
                            DemoDataSets.load(dataset, bankSize, testSize),
                            images,
                            evalEvery,
                            classes,
                            shiftTo,
                            shiftAt,
                            20,
                            0.07);
            new LearningCurve(options, System.out).run();
            return 0;
        }
    }

    /**
     * The quality side of several learners: kNN after the same number of images for each count of
     * learners and averaging period, simulated in this JVM (see {@link LocalSgdCurve}).
     */
    @Command(
            name = "local-sgd",
            mixinStandardHelpOptions = true,
            description =
                    "kNN top-1 after --images images for each count of learners in --learners and"
                            + " averaging period in --sync-every, the learners simulated in this"
                            + " JVM (no Kafka, no Flink).")
    public static final class LocalSgd implements Callable<Integer> {
        @Option(
                names = "--dataset",
                defaultValue = "fashion-mnist",
                description = "fashion-mnist or synthetic (default: ${DEFAULT-VALUE}).")
        String dataset;

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

        @Option(
                names = "--bank-size",
                defaultValue = "10000",
                description = "Labelled images in the kNN bank (default: ${DEFAULT-VALUE}).")
        int bankSize;

        @Option(
                names = "--test-size",
                defaultValue = "2000",
                description = "Test images evaluated (default: ${DEFAULT-VALUE}).")
        int testSize;

        @Parameters(
                paramLabel = "KEY=VALUE",
                description = "Job option overrides (see docs/configuration.md).")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (images < 1 || bankSize < 1 || testSize < 1) {
                throw new IllegalArgumentException(
                        "--images, --bank-size and --test-size must be >= 1");
            }
            DemoData data = DemoDataSets.load(dataset, bankSize, testSize);
            KnnProbe probe = null;
            for (int n : learners) {
                // one learner has nothing to average: one run whatever the period
                for (int h : n == 1 ? List.of(1) : syncEvery) {
                    Map<String, String> job = new LinkedHashMap<>();
                    job.put("kafka.bootstrap-servers", "unused:9092");
                    job.putAll(KeyValueArguments.apply(Map.of(), overrides));
                    job.put("learner.parallelism", String.valueOf(n));
                    job.put("learner.sync-every", String.valueOf(h));
                    JobSettings settings = JobSettings.from(ConfigLoader.fromMap(job));
                    if (probe == null) {
                        LearnerSettings l = settings.learnerSettings();
                        probe =
                                new KnnProbe(
                                        data.bank(),
                                        data.test(),
                                        l.channels(),
                                        l.imageSize(),
                                        20,
                                        0.07);
                        System.out.printf("untrained knn=%.4f%n", probe.untrained(settings));
                    }
                    LocalSgdCurve.run(settings, data, images, probe, System.out);
                }
            }
            return 0;
        }
    }

    /** What an averaging round of several learners costs, apart from waiting. */
    @Command(
            name = "round",
            mixinStandardHelpOptions = true,
            description =
                    "Cost of an averaging round: the averaged tensors of the small CNN and"
                            + " ResNet-18, their serialisation, the mean of 2 and 4 learners,"
                            + " loading it back, and an 8 MiB operator event's round trip on a"
                            + " MiniCluster.")
    public static final class Round implements Callable<Integer> {
        @Option(
                names = "--repeats",
                defaultValue = "9",
                description = "Repeats of each model measurement (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(
                names = "--pings",
                defaultValue = "23",
                description = "8 MiB event round trips (default: ${DEFAULT-VALUE}).")
        int pings;

        @Option(
                names = "--step-seconds",
                split = ",",
                defaultValue = "0.263,0.2",
                description =
                        "Step times of the small CNN and ResNet-18 for the efficiency model"
                                + " (default: ${DEFAULT-VALUE}: the small CNN's measured on 2"
                                + " cores, batch 256; ResNet-18 on a GPU, assumed).")
        List<Double> stepSeconds;

        @Option(
                names = "--bandwidth-gbps",
                defaultValue = "10",
                description =
                        "The JobManager's network for the model, Gbit/s (default: ${DEFAULT-VALUE}).")
        double bandwidthGbps;

        @Override
        public Integer call() throws Exception {
            if (repeats < 1 || pings < 4 || stepSeconds.size() != 2 || !(bandwidthGbps > 0)) {
                throw new IllegalArgumentException(
                        "--repeats must be >= 1, --pings >= 4, --step-seconds two values and"
                                + " --bandwidth-gbps > 0");
            }
            new RoundCostBenchmark(System.out)
                    .run(
                            repeats,
                            pings,
                            new double[] {stepSeconds.get(0), stepSeconds.get(1)},
                            bandwidthGbps);
            return 0;
        }
    }

    /** Times kNN top-1 on raw Fashion-MNIST pixels, the largest kNN the project computes. */
    @Command(
            name = "knn",
            mixinStandardHelpOptions = true,
            description =
                    "Time kNN top-1 (k=20, T=0.07) of the Fashion-MNIST test set on raw pixels against a bank of training images.")
    public static final class Knn implements Callable<Integer> {
        @Option(
                names = "--bank-size",
                defaultValue = "60000",
                description = "Bank images (default: ${DEFAULT-VALUE}).")
        int bankSize;

        @Option(
                names = "--test-size",
                defaultValue = "10000",
                description = "Query images (default: ${DEFAULT-VALUE}).")
        int testSize;

        @Override
        public Integer call() throws Exception {
            if (bankSize < 1 || testSize < 1) {
                throw new IllegalArgumentException("--bank-size and --test-size must be >= 1");
            }
            DemoData data = DemoDataSets.load("fashion-mnist", bankSize, testSize);
            KnnProbe probe = new KnnProbe(data.bank(), data.test(), 1, 28, 20, 0.07);
            long start = System.nanoTime();
            double top1 = probe.pixels();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "bank=%d test=%d dim=784 knn_top1=%.4f seconds=%.1f%n",
                    data.bank().size(), data.test().size(), top1, seconds);
            return 0;
        }
    }

    /** Embedding and training rates of the whole pipeline under a stream faster than training. */
    @Command(
            name = "pipeline",
            mixinStandardHelpOptions = true,
            description =
                    "Publish a backlog of synthetic images into the embedded stack, more than the job can take, and measure embedded and trained images/s with the learner off, in sample mode and in every-image mode.")
    public static final class Pipeline implements Callable<Integer> {
        @Option(
                names = "--seconds",
                defaultValue = "60",
                description = "Measured window per mode (default: ${DEFAULT-VALUE}).")
        long seconds;

        @Option(
                names = "--warmup",
                defaultValue = "20",
                description = "Seconds before the window opens (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Parameters(
                paramLabel = "KEY=VALUE",
                description = "Job option overrides (see docs/configuration.md).")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (seconds < 1 || warmup < 0) {
                throw new IllegalArgumentException("--seconds must be >= 1 and --warmup >= 0");
            }
            Map<String, String> job = KeyValueArguments.apply(new LinkedHashMap<>(), overrides);
            PipelineBenchmark bench = new PipelineBenchmark(warmup, seconds, job, System.out);
            PipelineBenchmark.Rates off = bench.run("off");
            PipelineBenchmark.Rates sample = bench.run("sample");
            PipelineBenchmark.Rates every = bench.run("every-image");
            System.out.printf(
                    "every_image_embedded_images_per_second=%.1f every_image_trained_images_per_second=%.1f%n",
                    every.embeddedPerSecond(), every.trainedPerSecond());
            System.out.printf(
                    "embed_only_images_per_second=%.1f embedded_images_per_second=%.1f trained_images_per_second=%.1f%n",
                    off.embeddedPerSecond(), sample.embeddedPerSecond(), sample.trainedPerSecond());
            return 0;
        }
    }

    /** The options every benchmark shares. */
    /**
     * The job's validated settings from a benchmark's options and the user's KEY=VALUE, for a
     * benchmark that opens no connection (the bootstrap address is required, and unused).
     */
    static JobSettings offline(Map<String, String> options, List<String> overrides) {
        Map<String, String> job = new LinkedHashMap<>();
        job.put("kafka.bootstrap-servers", "unused:9092");
        job.putAll(options);
        return JobSettings.from(ConfigLoader.fromMap(KeyValueArguments.apply(job, overrides)));
    }

    static final class BatchAndDevice {
        @Option(
                names = "--batch",
                defaultValue = "256",
                description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(
                names = "--device",
                defaultValue = "auto",
                description = "cpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
        String device;
    }

    /** Memory over a long run of the whole job. */
    @Command(
            name = "soak",
            mixinStandardHelpOptions = true,
            description =
                    "Stream synthetic images through the job on the embedded stack and print resident, heap and off-heap memory every --every images trained.")
    public static final class Soak implements Callable<Integer> {
        @Option(
                names = "--images",
                defaultValue = "100000",
                description = "Images to train on (default: ${DEFAULT-VALUE}).")
        long images;

        @Option(
                names = "--every",
                defaultValue = "10000",
                description = "A line every this many images trained (default: ${DEFAULT-VALUE}).")
        long every;

        @Parameters(
                paramLabel = "KEY=VALUE",
                description = "Job option overrides (see docs/configuration.md).")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Map<String, String> job = KeyValueArguments.apply(new LinkedHashMap<>(), overrides);
            new SoakBenchmark(images, every, job, System.out).run();
            return 0;
        }
    }
}
