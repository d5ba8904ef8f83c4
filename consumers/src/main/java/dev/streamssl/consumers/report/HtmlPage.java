package dev.streamssl.consumers.report;

import dev.streamssl.schemas.KnnReport;
import dev.streamssl.schemas.TrainingMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The report as one self-contained HTML file (the figures inline as PNG data URIs, so the file can
 * be mailed or attached alone), with each figure also written next to it as a PNG file.
 */
public final class HtmlPage {
    private HtmlPage() {}

    /** Writes {@code index.html} and one PNG per figure into {@code dir}; returns the page. */
    public static Path write(Path dir, RunData run, List<RunReport.Figure> figures)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>streamssl run report: ")
                .append(escape(run.method()))
                .append("</title><style>")
                .append("body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}")
                .append("figure{margin:2em 0}figcaption{color:#444;font-size:90%;margin-top:.4em}")
                .append("img{max-width:100%;border:1px solid #ddd}")
                .append("td,th{padding:.2em .8em;text-align:left}</style></head><body>\n")
                .append("<h1>streamssl run report</h1>\n<table>\n");
        row(html, "method", run.method());
        row(html, "model version shown", String.valueOf(run.modelVersion()));
        row(html, "embeddings of that version", String.valueOf(run.embeddingCount()));
        List<TrainingMetrics> metrics = run.metrics();
        if (!metrics.isEmpty()) {
            TrainingMetrics last = metrics.get(metrics.size() - 1);
            row(html, "learner step", String.valueOf(last.getStep()));
            row(html, "images trained", String.valueOf(last.getImagesTrained()));
            row(html, "last loss", String.format("%.4f", last.getLoss()));
            row(
                    html,
                    "collapse alarms",
                    last.getAlarms().isEmpty() ? "none" : String.join("; ", last.getAlarms()));
        }
        List<KnnReport> knn = run.knnReports();
        if (!knn.isEmpty()) {
            KnnReport last = knn.get(knn.size() - 1);
            row(
                    html,
                    "live kNN top-1",
                    String.format(
                            "%.4f (model version %d)", last.getTop1(), last.getModelVersion()));
        }
        row(html, "written", Instant.now().toString());
        html.append("</table>\n");
        for (RunReport.Figure f : figures) {
            Files.write(dir.resolve(f.id() + ".png"), f.png());
            html.append("<figure id=\"")
                    .append(f.id())
                    .append("\"><h2>")
                    .append(escape(f.title()))
                    .append("</h2><img alt=\"")
                    .append(escape(f.title()))
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(f.png()))
                    .append("\"><figcaption>")
                    .append(escape(f.caption()))
                    .append("</figcaption></figure>\n");
        }
        html.append(
                figures.stream().anyMatch(f -> f.id().equals("attention"))
                        ? "</body></html>\n"
                        : "<p>Self-attention maps appear here when the encoder is a Vision"
                                + " Transformer (<code>learner.architecture=vit</code>) and"
                                + " held-out images (tag <code>split=test</code>) pass the"
                                + " embedders.</p>\n</body></html>\n");
        Path page = dir.resolve("index.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        return page;
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>")
                .append(escape(name))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
