package dev.streamssl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Drives {@code deploy/cluster/standalone.sh} as a user would (every action is the script's
 * command) and reads the cluster's REST API to check what it did. Ports are free ones, so the test
 * never meets a cluster a developer left running.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;
    private final Path home;
    private final int restPort;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newHttpClient();

    StandaloneCluster(Path repository, Path home) throws IOException {
        this.script = repository.resolve("deploy/cluster/standalone.sh");
        this.home = home;
        this.restPort = freePort();
        int prometheus = freePort();
        this.environment =
                Map.of(
                        "STREAMSSL_CLUSTER_HOME", home.toString(),
                        "STREAMSSL_REST_PORT", Integer.toString(restPort),
                        "STREAMSSL_RPC_PORT", Integer.toString(freePort()),
                        "STREAMSSL_PROMETHEUS_PORTS", prometheus + "-" + (prometheus + 4),
                        "STREAMSSL_TM_MEMORY", "2g");
    }

    /** Runs the script with {@code args}; fails with its output unless it exits 0. */
    String run(String... args) throws IOException, InterruptedException {
        return runExpecting(0, args);
    }

    /** Runs the script; fails with its output unless it exits with {@code exitCode}. */
    String runExpecting(int exitCode, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("standalone.sh " + String.join(" ", args) + " hung");
        }
        String text = new String(output, StandardCharsets.UTF_8).trim();
        if (process.exitValue() != exitCode) {
            throw new IllegalStateException(
                    "standalone.sh "
                            + String.join(" ", args)
                            + " exited "
                            + process.exitValue()
                            + ":\n"
                            + text
                            + "\n"
                            + logTail());
        }
        return text;
    }

    /** The JobManager's REST API, as users give it to {@code streamssl export --rest-url}. */
    String restUrl() {
        return "http://localhost:" + restPort;
    }

    /** GET on the REST API, as JSON. */
    JsonNode rest(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    String jobState(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId).path("state").asText();
    }

    /** Ids of every metric the web UI can show for the job's vertices (REST .../metrics). */
    List<String> vertexMetricIds(String jobId) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode vertex : rest("/jobs/" + jobId).path("vertices")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
            for (JsonNode metric : rest(path)) {
                ids.add(metric.path("id").asText());
            }
        }
        return ids;
    }

    /** Failures the JobManager has recorded for the job (its exception history). */
    int recordedFailures(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/exceptions")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** Restores of the job from a checkpoint since it was submitted (Flink's own counter). */
    long restoredCheckpoints(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong();
    }

    long pid(String process) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("pids/" + process + ".pid")).trim());
    }

    /** SIGKILL: no shutdown hook, no goodbye to the JobManager, open transactions left open. */
    void killNine(String process) throws Exception {
        ProcessHandle handle =
                ProcessHandle.of(pid(process))
                        .orElseThrow(() -> new IllegalStateException(process + " is not running"));
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(handle.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + handle.pid() + " failed");
        }
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The Prometheus text exposition served on {@code port}. */
    String prometheusScrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    int prometheusFirstPort() {
        String range = environment.get("STREAMSSL_PROMETHEUS_PORTS");
        return Integer.parseInt(range.substring(0, range.indexOf('-')));
    }

    String logTail() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(home.resolve("log"))) {
            for (Path log : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("--- ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException e) {
            out.append("(no logs: ").append(e.getMessage()).append(")");
        }
        return out.toString();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        run("stop");
    }
}
