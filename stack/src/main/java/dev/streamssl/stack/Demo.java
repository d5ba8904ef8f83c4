package dev.streamssl.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.streamssl.consumers.report.HtmlPage;
import dev.streamssl.consumers.report.RunData;
import dev.streamssl.consumers.report.RunReport;
import dev.streamssl.job.config.DriftOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.learner.method.Devices;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.DriftReport;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.stack.continual.Scenario;
import dev.streamssl.stack.continual.ScenarioRun;
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
 * the trained encoder next to the untrained encoder and raw pixels. This class runs the phases in
 * turn ({@link Baselines}, {@link TrainingStream}, {@link FinalSnapshots}, {@link EvalEmbeddings},
 * {@link MethodScores}, {@link DemoTable}, {@link DemoSummary}).
 */
public final class Demo {
    /** How the demo runs. */
    public record Options(
            DemoData data,
            long trainImages,
            long trainSeconds,
            Map<String, String> jobOptions,
            Path summaryJson,
            Path report,
            int k,
            double temperature,
            Scenario scenario) {
        /** A demo of the data set as it comes, no scenario. */
        public Options(
                DemoData data,
                long trainImages,
                long trainSeconds,
                Map<String, String> jobOptions,
                Path summaryJson,
                Path report,
                int k,
                double temperature) {
            this(
                    data,
                    trainImages,
                    trainSeconds,
                    jobOptions,
                    summaryJson,
                    report,
                    k,
                    temperature,
                    null);
        }
    }

    /**
     * What streaming left: the images published, each learner's last report and live kNN (where one
     * was reported), and the seconds from the first training image to the last snapshot.
     */
    private record Streamed(
            long published,
            Map<String, TrainingMetrics> last,
            Map<String, KnnReport> live,
            List<DriftReport> drift,
            double trainSeconds) {}

    private final Options options;
    private final PrintStream out;
    // the data published: the options' data set, or the scenario cut from it
    private DemoData data;
    private ScenarioRun scenario;
    // the final model's embeddings of bank and test
    private List<EmbeddingRecord> eval;

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the demo and returns its summary (the fields of the summary JSON). */
    public Map<String, Object> run() throws Exception {
        long started = System.nanoTime();
        try (LocalStack stack = LocalStack.start(options.jobOptions())) {
            JobSettings settings = stack.settings();
            LearnerSettings learner =
                    settings.forMethod(settings.methods().get(0)).learnerSettings();
            data = options.data();
            if (options.scenario() != null) {
                scenario = new ScenarioRun(options.scenario(), options.data(), settings);
                data = scenario.published();
            }
            out.printf(
                    "broker %s; method %s, %s encoder, batch %d, device %s%n",
                    stack.kafka().bootstrapServers(),
                    String.join(" + ", settings.methods()),
                    learner.architecture().configName(),
                    learner.batchSize(),
                    Devices.resolve(learner.device()));
            out.println("baselines: kNN on raw pixels and on the untrained encoder ...");
            Baselines baselines =
                    Baselines.measure(data, settings, options.k(), options.temperature());
            Map<String, Double> partsAtStart =
                    scenario == null
                            ? null
                            : scenario.start(
                                    settings.forMethod(settings.methods().get(0)),
                                    options.k(),
                                    options.temperature());
            out.printf(
                    "  raw pixels %.4f, untrained encoder %s%n",
                    baselines.pixels(), baselines.untrainedText());

            stack.startJob();
            out.println(
                    "Flink web UI (job graph, backpressure, streamssl.* metrics): "
                            + stack.webUi());
            Streamed streamed = stream(stack, settings, learner.batchSize());
            DemoResults results = evaluate(stack, settings, baselines, streamed, started);
            Map<String, Object> summary = DemoSummary.of(results);
            DemoTable.print(results, options.k(), options.temperature(), out);
            if (scenario != null) {
                String method = settings.methods().get(0);
                scenario.print(
                        partsAtStart,
                        scenario.end(
                                eval,
                                method,
                                streamed.last().get(method).getPublishedModelVersion(),
                                options.k(),
                                options.temperature()),
                        out);
                scenario.printDrift(streamed.drift(), settings.get(DriftOptions.CHECK_EVERY), out);
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

    /**
     * The images onto the running job: the live kNN's monitor images, the training stream until the
     * budget is spent and every learner's final snapshot, then the bank and the test set for the
     * final model to embed.
     */
    private Streamed stream(LocalStack stack, JobSettings settings, int batch) throws Exception {
        Properties client = stack.kafka().clientProperties();
        try (MetricsWatcher metrics =
                        new MetricsWatcher(
                                client,
                                settings.get(KafkaOptions.METRICS_TOPIC),
                                settings.wireFormat());
                KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
            DemoPublisher publisher =
                    new DemoPublisher(
                            new ImagePublisher(
                                    producer,
                                    settings.get(KafkaOptions.IMAGES_TOPIC),
                                    settings.wireFormat()));
            long published = publisher.monitor(data.test());
            long trainStart = System.nanoTime();
            long trained =
                    new TrainingStream(publisher, metrics, settings, batch, out)
                            .publish(data.train(), options.trainImages(), options.trainSeconds());
            published += trained;
            Map<String, TrainingMetrics> last =
                    FinalSnapshots.await(metrics, settings, batch, trained);
            double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            printTraining(last, trainSeconds);
            // the snapshot is broadcast before its metrics are written; give it time to arrive
            Thread.sleep(2000);
            Map<String, KnnReport> live = new LinkedHashMap<>();
            for (String method : settings.methods()) {
                KnnReport report = metrics.latestKnn(method);
                if (report != null) {
                    live.put(method, report);
                }
            }
            out.println("embedding the bank and the test set with the final model ...");
            published += publisher.evalSets(data);
            return new Streamed(published, last, live, metrics.driftChecks(), trainSeconds);
        }
    }

    /** Each learner's steps, images and speed, and the model version the demo evaluates. */
    private void printTraining(Map<String, TrainingMetrics> last, double trainSeconds) {
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
    }

    /** Scores each method's final embeddings of the bank and test set, and counts dead letters. */
    private DemoResults evaluate(
            LocalStack stack,
            JobSettings settings,
            Baselines baselines,
            Streamed streamed,
            long started) {
        Properties client = stack.kafka().clientProperties();
        EvalEmbeddings embeddings =
                EvalEmbeddings.read(client, settings, data.bank().size() + data.test().size());
        eval = embeddings.eval();
        List<MethodScores> scores = new ArrayList<>();
        for (String method : settings.methods()) {
            scores.add(
                    MethodScores.score(
                            method,
                            streamed.last().get(method),
                            baselines.untrained().get(method),
                            streamed.live().get(method),
                            embeddings.eval(),
                            options.k(),
                            options.temperature()));
        }
        long deadLetters =
                DeadLetterCount.of(
                        client,
                        settings.get(KafkaOptions.DEAD_LETTER_TOPIC),
                        settings.wireFormat());
        return new DemoResults(
                data.name(),
                streamed.published(),
                embeddings.received(),
                deadLetters,
                baselines.pixels(),
                scores,
                streamed.trainSeconds(),
                (System.nanoTime() - started) / 1e9);
    }

    /** The run's HTML report, from the topics of the stack that is still up. */
    private void writeReport(LocalStack stack, JobSettings settings) throws IOException {
        out.println("writing the report ...");
        RunData run =
                RunData.read(
                        stack.kafka().clientProperties(),
                        new RunData.Topics(
                                settings.get(KafkaOptions.IMAGES_TOPIC),
                                settings.get(KafkaOptions.EMBEDDINGS_TOPIC),
                                settings.get(KafkaOptions.METRICS_TOPIC),
                                settings.wireFormat()),
                        Duration.ofSeconds(3),
                        new PrintStream(OutputStream.nullOutputStream()));
        Path page = HtmlPage.write(options.report(), run, new RunReport(run).figures());
        out.println("report: " + page.toAbsolutePath().toUri());
    }
}
