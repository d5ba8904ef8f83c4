package dev.streamssl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.producers.kafka.TopicAdmin;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.stack.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real standalone cluster (a JobManager JVM and a TaskManager JVM started by
 * {@code deploy/cluster/standalone.sh}) against an in-process broker: embeddings arrive; after a
 * SIGKILL of the TaskManager and a new one, the job restores its checkpoint and every image is
 * embedded exactly once; then a stop-with-savepoint and a resubmission from it (the upgrade path of
 * the README) lose and duplicate nothing either.
 */
class StandaloneClusterIT {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    @TempDir Path work;

    @Test
    void survivesATaskManagerKillAndASavepointUpgradeWithEveryImageEmbeddedOnce() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Properties client = kafka.clientProperties();
            Map<String, Integer> topics = new LinkedHashMap<>();
            topics.put("images", 2);
            topics.put("embeddings", 2);
            topics.put("dead-letters", 1);
            topics.put("metrics", 1);
            TopicAdmin.ensure(client, topics, (short) 1);
            Path config = writeJobConfig(kafka.bootstrapServers());
            EmbeddingTopicReader embeddings =
                    new EmbeddingTopicReader(client, "embeddings", WireFormat.singleObject());

            publish(client, 300, "a-");
            try (StandaloneCluster cluster =
                    new StandaloneCluster(REPOSITORY, freshDirectory("target/cluster-it"))) {
                Timeline timeline = new Timeline();
                cluster.run("start");
                timeline.mark("cluster started (JobManager REST up, TaskManager registered)");
                String rejected =
                        cluster.runExpecting(
                                2, "submit", config.toString(), "learner.batch-size=1");
                assertThat(rejected)
                        .contains("rejected its configuration")
                        .contains("'learner.batch-size' = 1 is out of range");
                String job = lastLine(cluster.run("submit", config.toString()));
                List<EmbeddingRecord> before =
                        embeddings.read(r -> r.size() >= 300, null, Duration.ofMinutes(3), null);
                assertThat(before).as("embeddings before the kill").hasSize(300);
                timeline.mark("submitted, first 300 images embedded");
                StandaloneCluster.await(
                        "two completed checkpoints",
                        Duration.ofMinutes(1),
                        () -> checked(() -> cluster.completedCheckpoints(job) >= 2));
                assertLearnerMetricsExported(cluster);
                // the web UI's metrics come from the JobManager's fetcher (refreshed every 10 s)
                StandaloneCluster.await(
                        "the streamssl metrics in the web UI's list",
                        Duration.ofSeconds(40),
                        () -> checked(() -> webUiListsStreamsslMetrics(cluster, job)));
                timeline.mark("two checkpoints, Prometheus scrape and web UI metric list checked");
                cluster.killNine("taskmanager-1");
                timeline.mark("TaskManager killed (SIGKILL) and its exit seen");
                StandaloneCluster.await(
                        "the JobManager noticing the lost TaskManager",
                        Duration.ofMinutes(1),
                        () -> checked(() -> cluster.recordedFailures(job) >= 1));
                timeline.mark("JobManager noticed the lost TaskManager (job failure recorded)");
                publish(client, 300, "b-");
                cluster.run("add-taskmanager");
                timeline.mark("300 more images published, new TaskManager started");
                StandaloneCluster.await(
                        "the job restoring a checkpoint",
                        Duration.ofMinutes(2),
                        () -> checked(() -> cluster.restoredCheckpoints(job) >= 1));
                timeline.mark("checkpoint restored");
                List<EmbeddingRecord> after =
                        embeddings.read(r -> r.size() >= 600, null, Duration.ofMinutes(3), null);
                assertThat(after)
                        .as("embeddings after the recovery")
                        .hasSizeGreaterThanOrEqualTo(600);
                timeline.mark("all 600 images embedded");
                assertExactlyOnce(embeddings, ids("a-", 300, "b-", 300));
                timeline.mark("checked: 600 ids, each once (includes 3 s wait + 4 s quiet read)");

                String savepoint =
                        lastLine(
                                cluster.run(
                                        "stop-job",
                                        job,
                                        "--savepoint",
                                        work.resolve("savepoints").toUri().toString()));
                assertThat(cluster.jobState(job)).isEqualTo("FINISHED");
                timeline.mark("stopped with a savepoint");
                publish(client, 200, "c-");
                // the upgrade goes through Flink's own CLI: `flink run -s`, as the README says
                String submitted =
                        cluster.run(
                                "flink",
                                "run",
                                "-d",
                                "-s",
                                savepoint,
                                jobJar().toString(),
                                "--config",
                                config.toString());
                Matcher jobId = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted);
                assertThat(jobId.find()).as(submitted).isTrue();
                String upgraded = jobId.group(1);
                assertThat(upgraded).isNotEqualTo(job);
                embeddings.read(r -> r.size() >= 800, null, Duration.ofMinutes(3), null);
                timeline.mark("resubmitted with flink run -s SAVEPOINT, all 800 embedded");
                Path model = exportFromTheRunningJob(cluster, upgraded, config);
                timeline.mark("streamssl export from the running job (savepoint over REST)");
                String status = cluster.run("status");
                assertThat(status)
                        .contains("jobmanager running")
                        // the replacement took the dead TaskManager's name
                        .contains("taskmanager-1 running")
                        .contains("taskmanagers 1, slots 2")
                        .contains("job " + upgraded + " streamssl RUNNING")
                        .contains("job " + job + " streamssl FINISHED");
                assertThat(cluster.run("stop-job", upgraded)).contains("cancelled");
                StandaloneCluster.await(
                        "the cancelled job",
                        Duration.ofSeconds(30),
                        () -> checked(() -> cluster.jobState(upgraded).equals("CANCELED")));
                assertExactlyOnce(embeddings, ids("a-", 300, "b-", 300, "c-", 200));
                // the slots are free again: re-embed the history with the exported model
                reembedOnTheCluster(cluster, model, config, client);
                timeline.mark("reembed job on the cluster: 800 images once, one model version");
                timeline.print();
            }
        }
    }

    /**
     * {@code streamssl export} against a real cluster: a savepoint of the running job through its
     * REST API, and the model its embedders use written as {@code simclr-v<version>/}.
     */
    private Path exportFromTheRunningJob(StandaloneCluster cluster, String job, Path config)
            throws IOException {
        Path models = work.resolve("models");
        int exit =
                dev.streamssl.cli.StreamsslCli.execute(
                        "export",
                        "--job-id",
                        job,
                        "--rest-url",
                        cluster.restUrl(),
                        "--savepoint-dir",
                        work.resolve("export-savepoints").toUri().toString(),
                        "--to",
                        models.toString(),
                        "--config",
                        config.toString());
        assertThat(exit).as("streamssl export").isZero();
        try (Stream<Path> dirs = Files.list(models)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("simclr-v"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /**
     * The bounded re-embedding job submitted with Flink's CLI ({@code flink run -c ...ReembedJob}):
     * every image of the topic once in the target topic, all with the model's version.
     */
    private static void reembedOnTheCluster(
            StandaloneCluster cluster, Path model, Path config, Properties client)
            throws Exception {
        long version =
                Long.parseLong(model.getFileName().toString().substring("simclr-v".length()));
        TopicAdmin.ensure(client, Map.of("reembedded", 2), (short) 1);
        String submitted =
                cluster.run(
                        "flink",
                        "run",
                        "-d",
                        "-c",
                        "dev.streamssl.job.reembed.ReembedJob",
                        jobJar().toString(),
                        "--config",
                        config.toString(),
                        "--model",
                        model.toUri().toString(),
                        "--to-topic",
                        "reembedded",
                        "--parallelism",
                        "2");
        Matcher jobId = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted);
        assertThat(jobId.find()).as(submitted).isTrue();
        StandaloneCluster.await(
                "the re-embedding job to finish",
                Duration.ofMinutes(2),
                () -> checked(() -> cluster.jobState(jobId.group(1)).equals("FINISHED")));
        EmbeddingTopicReader reembedded =
                new EmbeddingTopicReader(client, "reembedded", WireFormat.singleObject());
        assertExactlyOnce(reembedded, ids("a-", 300, "b-", 300, "c-", 200));
        assertThat(reembedded.read(r -> false, Duration.ofSeconds(2), Duration.ofSeconds(30), null))
                .allSatisfy(e -> assertThat(e.getModelVersion()).isEqualTo(version));
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("flink-job/target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar; run the build"));
        }
    }

    /** Seconds between the steps of the test, printed for docs/benchmarks.md. */
    private static final class Timeline {
        private final StringBuilder lines = new StringBuilder("cluster IT timeline:\n");
        private long last = System.nanoTime();

        void mark(String step) {
            long now = System.nanoTime();
            lines.append(String.format("  %6.1f s  %s%n", (now - last) / 1e9, step));
            last = now;
        }

        void print() {
            System.out.print(lines);
        }
    }

    /** The cluster's conf/ and log/ stay in target/ after the test, for a look when it fails. */
    private static Path freshDirectory(String path) throws IOException {
        Path directory = Path.of(path).toAbsolutePath();
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    private Path writeJobConfig(String bootstrap) throws IOException {
        Path config = work.resolve("job.yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "kafka:",
                        "  bootstrap-servers: " + bootstrap,
                        "  transactional-id-prefix: cluster-it",
                        "job:",
                        "  checkpoint-dir: " + work.resolve("checkpoints").toUri(),
                        "  checkpoint-interval: 1s",
                        "learner:",
                        "  batch-size: 32",
                        "  snapshot-interval: 3",
                        "  metrics-interval: 2",
                        "  device: cpu",
                        "embedder:",
                        "  batch-size: 32",
                        "  flush-interval: 100ms",
                        ""));
        return config;
    }

    private static void publish(Properties client, int count, String prefix) throws Exception {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
            long sent =
                    new ImagePublisher(producer, "images", WireFormat.singleObject())
                            .publish(
                                    new SyntheticImages(count, prefix.hashCode(), prefix),
                                    Map.of("split", "train"),
                                    ImagePublisher.Budget.onePass(),
                                    null);
            assertThat(sent).isEqualTo(count);
        }
    }

    /**
     * Reads the whole topic once more until nothing new came for longer than a checkpoint takes to
     * commit: exactly the expected ids, once each.
     */
    private static void assertExactlyOnce(EmbeddingTopicReader reader, Set<String> expected) {
        List<EmbeddingRecord> all =
                reader.read(r -> false, Duration.ofSeconds(4), Duration.ofSeconds(60), null);
        Set<String> seen = all.stream().map(EmbeddingRecord::getId).collect(Collectors.toSet());
        assertThat(seen).as("ids embedded").isEqualTo(expected);
        assertThat(all).as("records, so no id twice").hasSize(expected.size());
    }

    private static boolean webUiListsStreamsslMetrics(StandaloneCluster cluster, String job)
            throws Exception {
        List<String> ids = cluster.vertexMetricIds(job);
        return ids.stream().anyMatch(id -> id.endsWith(".streamssl.learner.loss"))
                && ids.stream().anyMatch(id -> id.endsWith(".streamssl.embedder.effectiveRank"));
    }

    private static void assertLearnerMetricsExported(StandaloneCluster cluster) throws Exception {
        String scrape = "";
        for (int port = cluster.prometheusFirstPort();
                port <= cluster.prometheusFirstPort() + 4 && !scrape.contains("streamssl_learner");
                port++) {
            try {
                scrape = cluster.prometheusScrape(port);
            } catch (IOException notThisPort) {
                // the JobManager and the TaskManager each took one port of the range
            }
        }
        assertThat(scrape).contains("streamssl_learner_step");
        assertThat(scrape).contains("streamssl_learner_loss");
        assertThat(scrape).contains("streamssl_embedder_modelVersion");
        assertThat(scrape).contains("streamssl_learner_imagesPerSecond");
        Matcher rank =
                Pattern.compile("streamssl_embedder_effectiveRank\\{[^}]*\\} (\\S+)")
                        .matcher(scrape);
        assertThat(rank.find()).as("effective rank exported").isTrue();
        // a 128-d embedding of varied images spreads over more than one direction
        assertThat(Double.parseDouble(rank.group(1))).isGreaterThan(1.5);
    }

    private static Set<String> ids(Object... prefixAndCount) {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < prefixAndCount.length; i += 2) {
            String prefix = (String) prefixAndCount[i];
            int count = (Integer) prefixAndCount[i + 1];
            IntStream.range(0, count).forEach(n -> ids.add(prefix + n));
        }
        return ids;
    }

    private static String lastLine(String output) {
        return Stream.of(output.split("\n")).reduce((a, b) -> b).orElseThrow().trim();
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private static boolean checked(Check check) {
        try {
            return check.test();
        } catch (Exception e) {
            return false;
        }
    }
}
