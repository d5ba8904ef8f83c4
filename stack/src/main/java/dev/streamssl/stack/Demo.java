package dev.streamssl.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.streamssl.consumers.eval.ClusterQuality;
import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.consumers.eval.KnnEvaluation;
import dev.streamssl.consumers.eval.LinearEvaluation;
import dev.streamssl.consumers.report.HtmlPage;
import dev.streamssl.consumers.report.RunReport;
import dev.streamssl.eval.LinearProbe;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.learner.method.Devices;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.ListImageSource;
import dev.streamssl.producers.data.LoopingCursor;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.DeadLetter;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The demo: a real broker and the job in this JVM; the training set streamed through the job
 * (looping until the budget is spent, never more than twelve batches ahead of the learner's last
 * report); then a labelled bank and the test set embedded by the final model version; kNN top-1 of
 * the trained encoder next to the untrained encoder and raw pixels.
 */
public final class Demo {
    /** Held-out test images streamed for the job's live kNN monitor. */
    private static final int MONITOR_TEST_IMAGES = 500;

    /** How the demo runs. */
    public record Options(
            DemoData data,
            long trainImages,
            long trainSeconds,
            Map<String, String> jobOptions,
            Path summaryJson,
            Path report,
            int k,
            double temperature) {}

    private static final int LAG_WINDOW_BATCHES = 12;

    private final Options options;
    private final PrintStream out;

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        long started = System.nanoTime();
        DemoData data = options.data();
        try (LocalStack stack = LocalStack.start(options.jobOptions())) {
            JobSettings settings = stack.settings();
            List<String> methods = settings.methods();
            LearnerSettings learner = settings.forMethod(methods.get(0)).learnerSettings();
            out.printf(
                    "broker %s; method %s, %s encoder, batch %d, device %s%n",
                    stack.kafka().bootstrapServers(),
                    String.join(" + ", methods),
                    learner.architecture().configName(),
                    learner.batchSize(),
                    Devices.resolve(learner.device()));

            out.println("baselines: kNN on raw pixels and on the untrained encoder ...");
            KnnProbe probe =
                    new KnnProbe(
                            data.bank(),
                            data.test(),
                            learner.channels(),
                            learner.imageSize(),
                            options.k(),
                            options.temperature());
            double pixels = probe.pixels();
            Map<String, Double> untrained = new LinkedHashMap<>();
            for (String method : methods) {
                untrained.put(method, probe.untrained(settings.forMethod(method)));
            }
            out.printf("  raw pixels %.4f, untrained encoder %s%n", pixels, perMethod(untrained));

            stack.startJob();
            out.println(
                    "Flink web UI (job graph, backpressure, streamssl.* metrics): "
                            + stack.webUi());
            Properties client = stack.kafka().clientProperties();
            String images = settings.get(KafkaOptions.IMAGES_TOPIC);
            long published;
            Map<String, TrainingMetrics> last = new LinkedHashMap<>();
            Map<String, KnnReport> live = new LinkedHashMap<>();
            double trainSeconds;
            try (MetricsWatcher metrics =
                            new MetricsWatcher(
                                    client,
                                    settings.get(KafkaOptions.METRICS_TOPIC),
                                    settings.wireFormat());
                    KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                ImagePublisher publisher =
                        new ImagePublisher(producer, images, settings.wireFormat());
                // held-out labelled images for the embedders' live kNN monitor (never learnt)
                published =
                        publisher.publish(
                                nextChunk(
                                        new LoopingCursor(data.test(), false),
                                        data.test().describe(),
                                        MONITOR_TEST_IMAGES),
                                Map.of("split", "test", "phase", "monitor"),
                                ImagePublisher.Budget.onePass(),
                                null);
                long trainStart = System.nanoTime();
                long streamed =
                        streamTrainingSet(
                                publisher,
                                data.train(),
                                metrics,
                                methods,
                                learner.batchSize(),
                                lagWindowBatches(settings));
                published += streamed;
                // each learner trains on full batches: with several, each may keep less than a
                // batch of its partitions' images waiting
                int learners = settings.learnerParallelism();
                long expectedImages =
                        learners == 1
                                ? streamed / learner.batchSize() * learner.batchSize()
                                : streamed - (long) learners * (learner.batchSize() - 1);
                for (String method : methods) {
                    last.put(method, awaitFinalSnapshot(metrics, method, expectedImages));
                }
                trainSeconds = (System.nanoTime() - trainStart) / 1e9;
                for (TrainingMetrics m : last.values()) {
                    out.printf(
                            "%s: trained %d steps on %d images in %.0f s (%.0f images/s); final model version %d%n",
                            m.getMethod(),
                            m.getStep(),
                            m.getImagesTrained(),
                            trainSeconds,
                            m.getImagesTrained() / trainSeconds,
                            m.getPublishedModelVersion());
                }
                // the snapshot is broadcast before its metrics are written; give it time to arrive
                Thread.sleep(2000);
                for (String method : methods) {
                    KnnReport report = metrics.latestKnn(method);
                    if (report != null) {
                        live.put(method, report);
                    }
                }
                out.println("embedding the bank and the test set with the final model ...");
                published +=
                        publisher.publish(
                                data.bank(),
                                Map.of("split", "train", "learn", "false", "phase", "eval"),
                                ImagePublisher.Budget.onePass(),
                                null);
                published +=
                        publisher.publish(
                                data.test(),
                                Map.of("split", "test", "phase", "eval"),
                                ImagePublisher.Budget.onePass(),
                                null);
            }
            // every image is embedded once by each method's embedders
            int evalCount = (data.bank().size() + data.test().size()) * methods.size();
            EmbeddingTopicReader reader =
                    new EmbeddingTopicReader(
                            client,
                            settings.get(KafkaOptions.EMBEDDINGS_TOPIC),
                            settings.wireFormat());
            List<EmbeddingRecord> all =
                    reader.read(
                            r ->
                                    r.stream()
                                                    .filter(
                                                            e ->
                                                                    "eval"
                                                                            .equals(
                                                                                    e.getTags()
                                                                                            .get(
                                                                                                    "phase")))
                                                    .count()
                                            >= evalCount,
                            null,
                            Duration.ofMinutes(10),
                            null);
            List<EmbeddingRecord> eval = new ArrayList<>();
            for (EmbeddingRecord e : all) {
                if ("eval".equals(e.getTags().get("phase"))) {
                    eval.add(e);
                }
            }
            Map<String, KnnEvaluation.Result> trained = new LinkedHashMap<>();
            Map<String, Double> linear = new LinkedHashMap<>();
            Map<String, Double> probeSeconds = new LinkedHashMap<>();
            Map<String, ClusterScores> clusters = new LinkedHashMap<>();
            for (String method : methods) {
                KnnEvaluation.Result r =
                        KnnEvaluation.evaluate(
                                eval,
                                method,
                                last.get(method).getPublishedModelVersion(),
                                options.k(),
                                options.temperature());
                trained.put(method, r);
                long probeStart = System.nanoTime();
                linear.put(
                        method,
                        LinearEvaluation.evaluate(
                                        eval,
                                        method,
                                        r.modelVersion(),
                                        LinearProbe.Settings.defaults())
                                .top1());
                probeSeconds.put(method, (System.nanoTime() - probeStart) / 1e9);
                ClusterScores c = clusterScores(eval, method, r.modelVersion());
                if (c != null) {
                    clusters.put(method, c);
                }
            }
            long deadLetters =
                    countDeadLetters(
                            client,
                            settings.get(KafkaOptions.DEAD_LETTER_TOPIC),
                            settings.wireFormat());

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("images_published", published);
            summary.put("embeddings_received", all.size());
            summary.put("dead_letters", deadLetters);
            summary.put("knn_top1_pixels", round(pixels));
            summary.put("dataset", data.name());
            Map<String, Object> perMethod = new LinkedHashMap<>();
            for (String method : methods) {
                perMethod.put(
                        method,
                        methodSummary(
                                last.get(method),
                                trained.get(method),
                                linear.get(method),
                                untrained.get(method),
                                live.get(method),
                                clusters.get(method),
                                trainSeconds));
            }
            // the first method's figures at the top level (the one-method summary), and every
            // method's under "methods"
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) perMethod.get(methods.get(0));
            summary.putAll(first);
            if (methods.size() > 1) {
                summary.put("methods", perMethod);
            }
            summary.put("wall_seconds", round((System.nanoTime() - started) / 1e9));

            out.println();
            KnnEvaluation.Result any = trained.get(methods.get(0));
            out.printf(
                    "kNN top-1 (k=%d, T=%s), %s test set (%d) against a bank of %d:%n",
                    options.k(),
                    options.temperature(),
                    data.name(),
                    any.testSize(),
                    any.bankSize());
            out.printf("  raw pixels          %.4f%n", pixels);
            for (String method : methods) {
                String prefix = methods.size() > 1 ? method + ": " : "";
                KnnEvaluation.Result r = trained.get(method);
                out.printf(
                        "  %strained encoder %.4f   (untrained %.4f; model version %d, %d steps)%n",
                        prefix,
                        r.top1(),
                        untrained.get(method),
                        r.modelVersion(),
                        last.get(method).getStep());
                out.printf(
                        "  %slinear probe    %.4f   (logistic regression on the frozen bank, 100 epochs, %.1f s)%n",
                        prefix, linear.get(method), probeSeconds.get(method));
                KnnReport l = live.get(method);
                if (l != null) {
                    out.printf(
                            "  %slive kNN in the job %.4f   (model version %d; its own bank of %d, %d test images)%n",
                            prefix,
                            l.getTop1(),
                            l.getModelVersion(),
                            l.getBankSize(),
                            l.getTestSize());
                }
                ClusterScores c = clusters.get(method);
                if (c != null) {
                    out.printf(
                            "  %sclusters: NMI with the labels %.4f, entropy of cluster sizes %.2f bits (%d images)%n",
                            prefix, c.nmi(), c.entropyBits(), c.images());
                }
            }
            if (options.report() != null) {
                writeReport(stack, settings);
            }
            if (options.summaryJson() != null) {
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(options.summaryJson().toFile(), summary);
                out.println("summary written to " + options.summaryJson());
            }
            return summary;
        }
    }

    /** One method's figures in the summary JSON. */
    private static Map<String, Object> methodSummary(
            TrainingMetrics last,
            KnnEvaluation.Result trained,
            double linear,
            double untrained,
            KnnReport live,
            ClusterScores clusters,
            double trainSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", last.getMethod());
        m.put("steps", last.getStep());
        m.put("images_per_second", round(last.getImagesTrained() / trainSeconds));
        m.put("knn_top1_trained", round(trained.top1()));
        m.put("knn_top1_untrained", round(untrained));
        m.put("linear_top1", round(linear));
        m.put("model_version", trained.modelVersion());
        m.put("bank_size", trained.bankSize());
        m.put("test_size", trained.testSize());
        m.put("eval_left_out_other_versions", trained.leftOut());
        m.put("final_loss", round(last.getLoss()));
        if (live != null) {
            m.put("live_knn_top1", round(live.getTop1()));
            m.put("live_knn_model_version", live.getModelVersion());
        }
        if (clusters != null) {
            m.put("nmi", round(clusters.nmi()));
            m.put("cluster_entropy_bits", round(clusters.entropyBits()));
        }
        return m;
    }

    /** "0.7480" for one method, "simclr 0.7480, moco 0.7480" for several. */
    private static String perMethod(Map<String, Double> values) {
        if (values.size() == 1) {
            return String.format("%.4f", values.values().iterator().next());
        }
        StringBuilder s = new StringBuilder();
        values.forEach(
                (k, v) ->
                        s.append(s.length() == 0 ? "" : ", ")
                                .append(String.format("%s %.4f", k, v)));
        return s.toString();
    }

    /** The run's HTML report, from the topics of the stack that is still up. */
    private void writeReport(LocalStack stack, JobSettings settings) throws IOException {
        out.println("writing the report ...");
        RunReport run =
                new RunReport(
                        stack.kafka().clientProperties(),
                        new RunReport.Topics(
                                settings.get(KafkaOptions.IMAGES_TOPIC),
                                settings.get(KafkaOptions.EMBEDDINGS_TOPIC),
                                settings.get(KafkaOptions.METRICS_TOPIC),
                                settings.wireFormat()),
                        Duration.ofSeconds(3),
                        new PrintStream(OutputStream.nullOutputStream()));
        Path page = HtmlPage.write(options.report(), run, run.figures());
        out.println("report: " + page.toAbsolutePath().toUri());
    }

    /**
     * How many batches the demo publishes ahead of what the learners report trained. Several
     * learners report at their averaging rounds, which need a round's batches from each learner:
     * twice that.
     */
    private static int lagWindowBatches(JobSettings settings) {
        int learners = settings.learnerParallelism();
        return learners == 1
                ? LAG_WINDOW_BATCHES
                : Math.max(
                        LAG_WINDOW_BATCHES, 2 * learners * settings.get(LearnerOptions.SYNC_EVERY));
    }

    /** Publishes until the budget is spent, keeping at most a few batches ahead of the learner. */
    private long streamTrainingSet(
            ImagePublisher publisher,
            ImageSource train,
            MetricsWatcher metrics,
            List<String> methods,
            int batch,
            int windowBatches)
            throws InterruptedException {
        long budgetImages = options.trainImages() > 0 ? options.trainImages() : Long.MAX_VALUE;
        long deadline =
                options.trainSeconds() > 0
                        ? System.nanoTime() + options.trainSeconds() * 1_000_000_000L
                        : Long.MAX_VALUE;
        long window = (long) windowBatches * batch;
        long published = 0;
        long startNanos = System.nanoTime();
        long lastReport = startNanos;
        LoopingCursor stream = new LoopingCursor(train, true);
        while (published < budgetImages && System.nanoTime() < deadline) {
            TrainingMetrics m = metrics.latest(methods.get(0));
            // the slowest learner sets the pace
            long seen = metrics.slowestImagesTrained(methods);
            if (published - seen >= window) {
                Thread.sleep(20);
                continue;
            }
            long chunk = Math.min(batch, budgetImages - published);
            published +=
                    publisher.publish(
                            nextChunk(stream, train.describe(), (int) chunk),
                            Map.of("phase", "train", "split", "train"),
                            ImagePublisher.Budget.onePass(),
                            null);
            if (System.nanoTime() - lastReport > 15_000_000_000L && m != null) {
                KnnReport live = metrics.latestKnn(methods.get(0));
                out.printf(
                        "  step %d, loss %.4f, lr %.4f, %.0f images/s so far, %d images trained%s%n",
                        m.getStep(),
                        m.getLoss(),
                        m.getLearningRate(),
                        m.getImagesTrained() / ((System.nanoTime() - startNanos) / 1e9),
                        m.getImagesTrained(),
                        live == null
                                ? ""
                                : String.format(
                                        ", live kNN %.3f (version %d)",
                                        live.getTop1(), live.getModelVersion()));
                lastReport = System.nanoTime();
            }
        }
        return published;
    }

    /** The next {@code count} images of the looping training stream. */
    private static ImageSource nextChunk(LoopingCursor stream, String description, int count) {
        List<LabeledImage> chunk = new ArrayList<>(count);
        while (chunk.size() < count && stream.hasNext()) {
            chunk.add(stream.next());
        }
        return new ListImageSource(description, chunk);
    }

    private TrainingMetrics awaitFinalSnapshot(
            MetricsWatcher metrics, String method, long expectedImages)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            TrainingMetrics m = metrics.latest(method);
            if (m != null
                    && m.getImagesTrained() >= expectedImages
                    && m.getPublishedModelVersion() == m.getStep()) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "the "
                        + method
                        + " learner did not finish training on the published images within 30"
                        + " minutes");
    }

    /** Number of committed records on a topic, read to the end. */
    private static long countDeadLetters(Properties client, String topic, WireFormat wire) {
        WireCodec<DeadLetter> codec = wire.deadLetters(topic);
        long count = 0;
        try (var consumer = KafkaClients.reader(client)) {
            KafkaClients.assignFromBeginning(consumer, topic);
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < 2_000_000_000L) {
                var batch = consumer.poll(Duration.ofMillis(200));
                for (var r : batch) {
                    try {
                        codec.decode(r.value());
                        count++;
                    } catch (WireFormatException e) {
                        // not a dead letter record
                    }
                }
                if (!batch.isEmpty()) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return count;
    }

    /** NMI and size entropy of the clusters of one model version's labelled embeddings. */
    record ClusterScores(double nmi, double entropyBits, int images) {}

    static ClusterScores clusterScores(
            List<EmbeddingRecord> eval, String method, long modelVersion) {
        List<int[]> pairs = new ArrayList<>();
        for (EmbeddingRecord e : eval) {
            if (e.getModelVersion() == modelVersion
                    && method.equals(e.getMethod())
                    && e.getCluster() != null
                    && e.getLabel() != null) {
                pairs.add(new int[] {e.getCluster(), e.getLabel()});
            }
        }
        if (pairs.isEmpty()) {
            return null;
        }
        int[] clusters = new int[pairs.size()];
        int[] labels = new int[pairs.size()];
        for (int i = 0; i < clusters.length; i++) {
            clusters[i] = pairs.get(i)[0];
            labels[i] = pairs.get(i)[1];
        }
        return new ClusterScores(
                ClusterQuality.nmi(clusters, labels),
                ClusterQuality.entropyBits(clusters),
                clusters.length);
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
