package dev.streamssl.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Takes a savepoint of a running job through Flink's REST API (the JobManager's, e.g. {@code
 * http://jobmanager:8081}): {@code POST /jobs/:id/savepoints} starts it, {@code GET
 * /jobs/:id/savepoints/:trigger} is polled until it completes; the job keeps running.
 */
public final class FlinkSavepoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String rest;
    private final PrintStream out;

    public FlinkSavepoints(String restUrl, PrintStream out) {
        this.rest = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
        this.out = out;
    }

    /**
     * Takes a savepoint of the job into {@code targetDirectory} (null: the cluster's {@code
     * execution.checkpointing.savepoint-dir}) and returns its path.
     */
    public String take(String jobId, String targetDirectory, Duration timeout)
            throws IOException, InterruptedException {
        String body =
                JSON.writeValueAsString(
                        targetDirectory == null
                                ? java.util.Map.of("cancel-job", false)
                                : java.util.Map.of(
                                        "target-directory", targetDirectory, "cancel-job", false));
        JsonNode trigger = call("POST", "/jobs/" + jobId + "/savepoints", body);
        String triggerId = trigger.path("request-id").asText(null);
        if (triggerId == null) {
            throw new IOException(
                    "Flink did not start a savepoint of job " + jobId + ": " + trigger);
        }
        out.printf("taking a savepoint of job %s ...%n", jobId);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = call("GET", "/jobs/" + jobId + "/savepoints/" + triggerId, null);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("location")) {
                    out.printf("savepoint at %s%n", operation.get("location").asText());
                    return operation.get("location").asText();
                }
                throw new IOException(
                        "the savepoint of job "
                                + jobId
                                + " failed: "
                                + operation
                                        .path("failure-cause")
                                        .path("stack-trace")
                                        .asText(operation.toString())
                                        .lines()
                                        .findFirst()
                                        .orElse(""));
            }
            Thread.sleep(500);
        }
        throw new IOException(
                "the savepoint of job " + jobId + " did not complete within " + timeout);
    }

    private JsonNode call(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(rest + path)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("no Flink REST API answers at " + rest + " (--rest-url)", e);
        }
        if (response.statusCode() == 404) {
            throw new IOException(
                    "Flink at "
                            + rest
                            + " knows no "
                            + path
                            + " (is the job id right and running?)");
        }
        if (response.statusCode() >= 300) {
            throw new IOException(
                    "Flink at "
                            + rest
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        return JSON.readTree(response.body());
    }
}
