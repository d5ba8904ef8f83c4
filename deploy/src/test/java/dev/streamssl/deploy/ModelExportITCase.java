package dev.streamssl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.tools.data.SyntheticImages;
import dev.streamssl.tools.eval.EmbeddingTopicReader;
import dev.streamssl.tools.kafka.ImagePublisher;
import dev.streamssl.tools.kafka.KafkaClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job exports its encoder every few model versions; a fresh JVM loads the directory with plain
 * DJL and embeds images: the vectors are the ones the job's embedders wrote for those images with
 * that model version.
 */
class ModelExportITCase {
    private static final int PROBES = 48;

    @TempDir Path dir;

    @Test
    void anExportedEncoderLoadedByPlainDjlGivesTheEmbeddersVectors() throws Exception {
        Path exports = dir.resolve("exports");
        Map<String, String> options = SmallJob.options(dir.resolve("cp"));
        options.put("learner.snapshot-interval", "4");
        options.put("learner.export.dir", exports.toUri().toString());
        options.put("learner.export.every-versions", "8");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                ImagePublisher images = new ImagePublisher(producer, "images");
                images.publish(
                        new SyntheticImages(256, 1, "train-"),
                        Map.of(),
                        ImagePublisher.Budget.onePass(),
                        null);
                // 8 steps of 32: version 8 is exported and then embeds everything that follows
                Path v8 = exports.resolve("simclr-v8");
                long deadline = System.currentTimeMillis() + 180_000;
                while (!Files.exists(v8.resolve(ExportedEncoder.DESCRIPTOR))
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                }
                assertThat(v8.resolve(ExportedEncoder.DESCRIPTOR)).exists();
                Thread.sleep(3000); // the snapshot reaches the embedders
                images.publish(
                        new SyntheticImages(PROBES, 99, "probe-"),
                        Map.of("split", "test"),
                        ImagePublisher.Budget.onePass(),
                        null);
            }
            List<EmbeddingRecord> probes = new ArrayList<>();
            new EmbeddingTopicReader(client, "embeddings")
                    .read(
                            r ->
                                    r.stream().filter(e -> e.getId().startsWith("probe-")).count()
                                            >= PROBES,
                            null,
                            Duration.ofMinutes(2),
                            e -> {
                                if (e.getId().startsWith("probe-")) {
                                    probes.add(e);
                                }
                            });
            assertThat(probes).hasSize(PROBES);
            assertThat(probes).allSatisfy(e -> assertThat(e.getModelVersion()).isEqualTo(8));

            Map<String, float[]> fresh = embedInFreshJvm(exports.resolve("simclr-v8"));
            assertThat(fresh).hasSize(PROBES);
            for (EmbeddingRecord e : probes) {
                float[] expected = fresh.get(e.getId());
                assertThat(expected).as(e.getId()).isNotNull().hasSize(e.getVector().size());
                for (int d = 0; d < expected.length; d++) {
                    assertThat(e.getVector().get(d)).isCloseTo(expected[d], within(1e-4f));
                }
            }
            ExportedEncoder.Descriptor descriptor =
                    ExportedEncoder.descriptor(exports.resolve("simclr-v8"));
            assertThat(descriptor.method()).isEqualTo("simclr");
            assertThat(descriptor.modelVersion()).isEqualTo(8);
            assertThat(descriptor.embeddingDim()).isEqualTo(probes.get(0).getVector().size());
        }
    }

    /** Runs {@link ExportedEncoderProbe} in a new JVM on the test class path. */
    private static Map<String, float[]> embedInFreshJvm(Path model) throws Exception {
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-Dai.djl.offline=true",
                                ExportedEncoderProbe.class.getName(),
                                model.toString(),
                                String.valueOf(PROBES),
                                "99",
                                "probe-")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        Map<String, float[]> out = new HashMap<>();
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] parts = line.trim().split(" ");
                if (parts.length < 2 || !parts[0].startsWith("probe-")) {
                    continue;
                }
                float[] v = new float[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    v[i - 1] = Float.parseFloat(parts[i]);
                }
                out.put(parts[0], v);
            }
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out;
    }
}
