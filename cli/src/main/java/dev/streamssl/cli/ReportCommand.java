package dev.streamssl.cli;

import dev.streamssl.consumers.report.HtmlPage;
import dev.streamssl.consumers.report.RunData;
import dev.streamssl.consumers.report.RunReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl report}: one HTML page with the figures of a run, read from its topics. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Read the metrics, embeddings and images topics and write a self-contained HTML page with PNG figures: loss, learning rate, momentum, live kNN, collapse indicators, nearest neighbours, a 2-D projection and, for clustering methods, a cluster gallery.")
public final class ReportCommand implements Callable<Integer> {
    @Mixin KafkaConnection kafka;

    @Option(
            names = "--out",
            defaultValue = "streamssl-report",
            description = "Directory for index.html and the PNGs (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--images-topic", defaultValue = "images", description = "Images topic.")
    String imagesTopic;

    @Option(
            names = "--embeddings-topic",
            defaultValue = "embeddings",
            description = "Embeddings topic.")
    String embeddingsTopic;

    @Option(names = "--metrics-topic", defaultValue = "metrics", description = "Metrics topic.")
    String metricsTopic;

    @Option(
            names = "--idle-seconds",
            defaultValue = "5",
            description =
                    "Stop reading a topic when nothing arrived for this long (default: ${DEFAULT-VALUE}).")
    long idleSeconds;

    @Override
    public Integer call() throws Exception {
        RunData run;
        List<RunReport.Figure> figures;
        try {
            run =
                    RunData.read(
                            kafka.properties(),
                            new RunData.Topics(
                                    imagesTopic, embeddingsTopic, metricsTopic, kafka.wireFormat()),
                            Duration.ofSeconds(idleSeconds),
                            System.err);
            figures = new RunReport(run).figures();
        } catch (IllegalStateException e) {
            System.err.println("streamssl report: " + e.getMessage());
            return 1;
        }
        Path page = HtmlPage.write(out, run, figures);
        System.out.println(
                "report with " + figures.size() + " figures: " + page.toAbsolutePath().toUri());
        return 0;
    }
}
