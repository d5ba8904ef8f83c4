package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.ListImageSource;
import dev.streamssl.producers.data.LoopingCursor;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.TrainingMetrics;
import dev.streamssl.schemas.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered method but SimCLR (the pipeline tests' default) through the real path, side by
 * side in one job ({@code learner.methods}, an embeddings topic per method): an in-process broker,
 * the job on a MiniCluster, each method's learner on libtorch (they take turns on DJL's one
 * gradient collector). The stream repeats 64 images eight times, so each learner sees the same
 * images again; every record is embedded once by every method, the metrics topic carries each
 * method's own indicators, what the two-view and multi-crop methods minimise falls, the clustering
 * methods do not collapse their clusters, and DeepCluster's and DeeperCluster's embedders do not
 * give every probe one. One job for all (instead of one each) saves eleven starts and stops of a
 * broker and a cluster and as many waits for late duplicates. That each method learns (kNN above
 * its untrained encoder) is {@code EveryMethodLearnsITCase}'s.
 */
class MethodsITCase {
    private static final int DISTINCT = 64;
    private static final int RECORDS = 8 * DISTINCT;
    private static final int PROBES = 32;
    private static final List<String> CLUSTERING =
            List.of("deepcluster", "deepercluster", "selflabel");

    @TempDir static Path checkpoints;

    // what the one job wrote, per method
    private static Map<String, List<EmbeddingRecord>> embeddings;
    private static Map<String, List<EmbeddingRecord>> probesByMethod;
    private static Map<String, List<TrainingMetrics>> metricsByMethod;

    static List<String> methods() {
        return Methods.names().stream().filter(m -> !m.equals("simclr")).toList();
    }

    @BeforeAll
    static void runEveryMethodInOneJob() throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("job.checkpoint-dir", checkpoints.toUri().toString());
        options.put("job.checkpoint-interval", "1s");
        options.put("learner.methods", String.join(";", methods()));
        options.put("kafka.topics.embeddings-per-method", "true");
        options.put("learner.batch-size", "32");
        options.put("learner.snapshot-interval", "4");
        options.put("learner.metrics-interval", "1");
        options.put("learner.device", "cpu");
        options.put("optimizer.warmup-steps", "2");
        options.put("moco.queue-size", "64");
        options.put("dino.local-crops", "2");
        options.put("dino.teacher-temperature-warmup-steps", "4");
        options.put("dino.freeze-last-layer-steps", "2");
        options.put("deepcluster.clusters", "10");
        options.put("deepcluster.recluster-steps", "6");
        options.put("deepcluster.memory-size", "256");
        options.put("deepercluster.super-clusters", "2");
        options.put("deepercluster.sub-clusters", "5");
        options.put("selflabel.clusters", "10");
        options.put("selflabel.queue-size", "64");
        options.put("swav.prototypes", "10");
        options.put("swav.queue-size", "64");
        options.put("swav.local-crops", "2");
        options.put("swav.freeze-prototypes-steps", "2");
        options.put("nnclr.queue-size", "64");
        options.put("embedder.batch-size", "32");
        options.put("embedder.flush-interval", "100ms");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                new ImagePublisher(producer, "images", WireFormat.singleObject())
                        .publish(
                                repeated(new SyntheticImages(DISTINCT, 5, "syn-")),
                                Map.of("split", "train"),
                                ImagePublisher.Budget.onePass(),
                                null);
            }
            stack.startJob();
            for (String method : methods()) {
                reader(client, method)
                        .read(r -> r.size() >= RECORDS, null, Duration.ofMinutes(4), null);
            }
            // again, until nothing new came for three checkpoint intervals: a duplicate shows now
            embeddings = new HashMap<>();
            for (String method : methods()) {
                embeddings.put(
                        method,
                        reader(client, method)
                                .read(
                                        r -> false,
                                        Duration.ofSeconds(3),
                                        Duration.ofSeconds(30),
                                        null));
            }
            // embedding did not wait for training; once every learner has trained on everything,
            // images published now are embedded by a trained model version
            metricsByMethod = metrics(client, RECORDS / 32);
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                new ImagePublisher(producer, "images", WireFormat.singleObject())
                        .publish(
                                new SyntheticImages(PROBES, 6, "probe-"),
                                Map.of("learn", "false"),
                                ImagePublisher.Budget.onePass(),
                                null);
            }
            probesByMethod = new HashMap<>();
            for (String method : methods()) {
                List<EmbeddingRecord> read =
                        reader(client, method)
                                .read(
                                        r ->
                                                r.stream().filter(MethodsITCase::isProbe).count()
                                                        >= PROBES,
                                        null,
                                        Duration.ofMinutes(2),
                                        null);
                probesByMethod.put(method, read.stream().filter(MethodsITCase::isProbe).toList());
            }
        }
    }

    private static EmbeddingTopicReader reader(Properties client, String method) {
        return new EmbeddingTopicReader(client, "embeddings-" + method, WireFormat.singleObject());
    }

    @ParameterizedTest
    @MethodSource("methods")
    void embedsEveryImageOnceAndLearns(String method) {
        List<EmbeddingRecord> all = embeddings.get(method);
        Set<String> ids = new HashSet<>();
        for (EmbeddingRecord e : all) {
            ids.add(e.getId());
            assertThat(e.getMethod()).isEqualTo(method);
            assertThat(e.getVector()).hasSize(128);
        }
        assertThat(all).hasSize(RECORDS);
        assertThat(ids).hasSize(RECORDS);
        List<TrainingMetrics> metrics = metricsByMethod.get(method);
        List<EmbeddingRecord> probes = probesByMethod.get(method);
        assertThat(probes).hasSize(PROBES);
        assertThat(probes).allSatisfy(e -> assertThat(e.getModelVersion()).isPositive());
        if (CLUSTERING.contains(method)) {
            assertThat(probes).allSatisfy(e -> assertThat(e.getCluster()).isBetween(0, 9));
            assertThat(all)
                    .filteredOn(e -> e.getModelVersion() == 0)
                    .allSatisfy(e -> assertThat(e.getCluster()).isNull());
            // not collapsed: the last report's batch spreads over more than two clusters' worth
            // of entropy (a collapse is 0 bits)
            assertThat(metrics.get(metrics.size() - 1).getClusterEntropy())
                    .as("cluster entropy of the last step, bits")
                    .isGreaterThan(1.0);
            // nor do DeepCluster's and DeeperCluster's embedders put the held-out probes in one
            // cluster: more than two equal clusters' worth of entropy, as the batches.
            // Measured:
            // the probes' clusters spread over 1.7 (DeepCluster) and 2.1 bits here, and over
            // 2.1 to 2.8 bits (6 to 9 clusters) on this stream in the learner alone (16 steps,
            // seeds 1, 2, 3, 7); while the snapshots' centroids stayed in the frozen labelling
            // copy's feature space, over 0.2 and 0 bits here and 0 to 1.25 in the learner (all
            // 32 in one cluster in three runs of eight, below 1 bit in seven). Self-Label's
            // embedders give the argmax of its head, which after 16 steps puts a whole batch in
            // one cluster in inference mode (BatchNorm running statistics) and spreads it over
            // 1.5 bits with the batch's own statistics, while its Sinkhorn-Knopp labels spread
            // over 2.5: not checked here.
            if (!method.equals("selflabel")) {
                List<Integer> clusters = probes.stream().map(EmbeddingRecord::getCluster).toList();
                assertThat(entropyBits(clusters))
                        .as("cluster entropy of the probes, bits: %s", clusters)
                        .isGreaterThan(1.0);
            }
            return;
        }
        boolean ema = List.of("moco", "byol", "dino").contains(method);
        assertThat(metrics)
                .allSatisfy(m -> assertThat(m.getMomentum() != null).as("momentum").isEqualTo(ema));
        switch (method) {
            case "moco" ->
                    assertThat(metrics)
                            .allSatisfy(
                                    m -> {
                                        assertThat(m.getPositiveSimilarity()).isNotNull();
                                        assertThat(m.getNegativeSimilarity()).isNotNull();
                                    });
            case "dino" ->
                    assertThat(metrics)
                            .allSatisfy(
                                    m -> {
                                        assertThat(m.getTeacherEntropy()).isPositive();
                                        assertThat(m.getTeacherStudentKl()).isNotNull();
                                    });
            case "swav" -> {
                // SwAV's swapped prediction changes its targets as the queue fills and the
                // prototypes thaw, so in 16 steps its loss need not fall (LossFallsTest shows
                // it
                // does on a fixed batch); on the job's path it must not collapse its codes
                assertThat(metrics).allSatisfy(m -> assertThat(m.getClusterEntropy()).isPositive());
                assertThat(metrics.get(metrics.size() - 1).getClusterEntropy())
                        .as("code entropy of the last step, bits")
                        .isGreaterThan(1.0);
                return;
            }
            default ->
                    assertThat(metrics).allSatisfy(m -> assertThat(m.getTeacherEntropy()).isNull());
        }
        // what the method minimises (DINO: the KL part of its cross-entropy; MoCo: once the
        // queue holds real keys, after 2 steps) falls between the first and last four steps
        int from = method.equals("moco") ? 2 : 0;
        double first = mean(metrics.subList(from, from + 4), method);
        double last = mean(metrics.subList(metrics.size() - 4, metrics.size()), method);
        assertThat(last).as("%s: first %s, last %s", method, first, last).isLessThan(first);
    }

    private static boolean isProbe(EmbeddingRecord e) {
        return e.getId().startsWith("probe-");
    }

    /** Entropy in bits of the sizes of the clusters among the labels (0 when all are one). */
    private static double entropyBits(List<Integer> labels) {
        Map<Integer, Integer> sizes = new HashMap<>();
        labels.forEach(c -> sizes.merge(c, 1, Integer::sum));
        double h = 0;
        for (int size : sizes.values()) {
            double p = (double) size / labels.size();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    private static double mean(List<TrainingMetrics> reports, String method) {
        double sum = 0;
        for (TrainingMetrics m : reports) {
            sum += method.equals("dino") ? m.getTeacherStudentKl() : m.getLoss();
        }
        return sum / reports.size();
    }

    private static ListImageSource repeated(SyntheticImages images) {
        List<LabeledImage> out = new ArrayList<>();
        LoopingCursor cursor = new LoopingCursor(images, true);
        while (out.size() < RECORDS) {
            out.add(cursor.next());
        }
        return new ListImageSource("repeated synthetic", out);
    }

    /** Every method's reports, one per step, in step order, once each has {@code steps}. */
    private static Map<String, List<TrainingMetrics>> metrics(Properties client, int steps) {
        List<TrainingMetrics> all =
                MetricsTopic.await(
                        client,
                        r -> methods().stream().allMatch(m -> steps(r, m) >= steps),
                        Duration.ofMinutes(3));
        Map<String, List<TrainingMetrics>> byMethod = new HashMap<>();
        for (String method : methods()) {
            Map<Long, TrainingMetrics> byStep = new HashMap<>();
            all.stream()
                    .filter(m -> m.getMethod().equals(method))
                    .forEach(m -> byStep.put(m.getStep(), m));
            List<TrainingMetrics> ordered = new ArrayList<>();
            for (long s = 1; s <= steps; s++) {
                assertThat(byStep).as("%s: metrics of step %d", method, s).containsKey(s);
                ordered.add(byStep.get(s));
            }
            byMethod.put(method, ordered);
        }
        return byMethod;
    }

    /** How many distinct steps {@code method} reported. */
    private static long steps(List<TrainingMetrics> reports, String method) {
        return reports.stream()
                .filter(m -> m.getMethod().equals(method))
                .map(TrainingMetrics::getStep)
                .distinct()
                .count();
    }
}
