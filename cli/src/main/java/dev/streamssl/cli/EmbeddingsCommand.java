package dev.streamssl.cli;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.producers.data.ClassNames;
import dev.streamssl.schemas.EmbeddingRecord;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl embeddings}: tail or export an embeddings topic as JSON lines or CSV. */
@Command(
        name = "embeddings",
        mixinStandardHelpOptions = true,
        description = "Print or export the embeddings topic (JSON lines or CSV).")
public final class EmbeddingsCommand implements Callable<Integer> {
    @Mixin EmbeddingTopic source;

    @Option(
            names = "--format",
            defaultValue = "jsonl",
            description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE instead of stdout.")
    Path output;

    @Option(
            names = "--follow",
            description = "Keep reading new embeddings until interrupted (tail -f).")
    boolean follow;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N embeddings.")
    Long limit;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("jsonl") && !format.equals("csv")) {
            throw new IllegalArgumentException(
                    "--format must be jsonl or csv, got '" + format + "'");
        }
        PrintWriter out =
                output == null
                        ? new PrintWriter(
                                new BufferedWriter(
                                        new OutputStreamWriter(System.out, StandardCharsets.UTF_8)))
                        : new PrintWriter(Files.newBufferedWriter(output));
        long[] count = {0};
        try (out) {
            if (format.equals("csv")) {
                out.println("id,method,model_version,cluster,label,class,split,vector");
            }
            EmbeddingTopicReader reader = source.reader();
            reader.read(
                    r -> limit != null && count[0] >= limit,
                    follow ? null : Duration.ofSeconds(source.idleSeconds),
                    follow ? Duration.ofDays(365) : Duration.ofHours(1),
                    e -> {
                        if (limit == null || count[0] < limit) {
                            out.println(format.equals("csv") ? csv(e) : json(e));
                            count[0]++;
                            if (follow) {
                                out.flush();
                            }
                        }
                    });
        }
        System.err.println(count[0] + " embeddings from " + source.topic);
        return 0;
    }

    static String json(EmbeddingRecord e) {
        StringBuilder sb =
                new StringBuilder("{\"id\":")
                        .append(quote(e.getId()))
                        .append(",\"method\":")
                        .append(quote(e.getMethod()))
                        .append(",\"modelVersion\":")
                        .append(e.getModelVersion())
                        .append(",\"cluster\":")
                        .append(e.getCluster())
                        .append(",\"label\":")
                        .append(e.getLabel())
                        .append(",\"tags\":{");
        boolean first = true;
        for (Map.Entry<String, String> t : e.getTags().entrySet()) {
            sb.append(first ? "" : ",")
                    .append(quote(t.getKey()))
                    .append(':')
                    .append(quote(t.getValue()));
            first = false;
        }
        sb.append("},\"vector\":[");
        for (int i = 0; i < e.getVector().size(); i++) {
            sb.append(i == 0 ? "" : ",").append(e.getVector().get(i));
        }
        return sb.append("]}").toString();
    }

    static String csv(EmbeddingRecord e) {
        StringBuilder sb =
                new StringBuilder(quote(e.getId()))
                        .append(',')
                        .append(e.getMethod())
                        .append(',')
                        .append(e.getModelVersion())
                        .append(',')
                        .append(e.getCluster() == null ? "" : e.getCluster())
                        .append(',')
                        .append(e.getLabel() == null ? "" : e.getLabel())
                        .append(',')
                        .append(
                                e.getTags().containsKey(ClassNames.TAG)
                                        ? quote(e.getTags().get(ClassNames.TAG))
                                        : "")
                        .append(',')
                        .append(e.getTags().getOrDefault("split", ""))
                        .append(",\"");
        for (int i = 0; i < e.getVector().size(); i++) {
            sb.append(i == 0 ? "" : " ").append(e.getVector().get(i));
        }
        return sb.append('"').toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
