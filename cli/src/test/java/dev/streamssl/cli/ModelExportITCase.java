package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.stack.ExportedEncoderProbe;
import dev.streamssl.stack.LocalStack;
import dev.streamssl.stack.ProbeEmbeddings;
import dev.streamssl.stack.Python;
import dev.streamssl.stack.SmallJob;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
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
            JobClient job = stack.startJob();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                ImagePublisher images =
                        new ImagePublisher(producer, "images", WireFormat.singleObject());
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
            List<EmbeddingRecord> probes =
                    new ArrayList<>(ProbeEmbeddings.read(client, "probe-", PROBES).values());
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
            // PyTorch (examples/python/streamssl_model.py) loads encoder.safetensors and gives the
            // vectors the job wrote
            List<String> ids = new ArrayList<>();
            List<byte[]> raw = new ArrayList<>();
            for (java.util.Iterator<dev.streamssl.producers.data.LabeledImage> it =
                            new SyntheticImages(PROBES, 99, "probe-").iterator();
                    it.hasNext(); ) {
                dev.streamssl.producers.data.LabeledImage image = it.next();
                ids.add(image.id());
                raw.add(image.data());
            }
            int per = raw.get(0).length;
            float[] pixels = new float[PROBES * per];
            for (int i = 0; i < PROBES; i++) {
                for (int j = 0; j < per; j++) {
                    pixels[i * per + j] = raw.get(i)[j] & 0xFF;
                }
            }
            int dim = probes.get(0).getVector().size();
            float[][] torch = Python.embed(dir, exports.resolve("simclr-v8"), pixels, PROBES, dim);
            for (EmbeddingRecord e : probes) {
                float[] fromPython = torch[ids.indexOf(e.getId())];
                for (int d = 0; d < dim; d++) {
                    assertThat(e.getVector().get(d))
                            .as(e.getId() + " in PyTorch")
                            .isCloseTo(fromPython[d], within(1e-4f));
                }
            }
            ExportedEncoder.Descriptor descriptor =
                    ExportedEncoder.descriptor(exports.resolve("simclr-v8"));
            assertThat(descriptor.method()).isEqualTo("simclr");
            assertThat(descriptor.modelVersion()).isEqualTo(8);
            assertThat(descriptor.embeddingDim()).isEqualTo(probes.get(0).getVector().size());

            // streamssl export from the running job: a savepoint through Flink's REST API, the
            // embedders' model read back out of it (test images are not trained: still version 8)
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "export",
                                    "--job-id",
                                    job.getJobID().toHexString(),
                                    "--rest-url",
                                    stack.webUi(),
                                    "--savepoint-dir",
                                    dir.resolve("savepoints").toUri().toString(),
                                    "--to",
                                    dir.resolve("from-job").toString()));
            options.forEach((k, v) -> args.add(k + "=" + v));
            args.add("kafka.bootstrap-servers=" + stack.kafka().bootstrapServers());
            assertThat(StreamsslCli.execute(args.toArray(new String[0]))).isZero();
            Map<String, float[]> exported = embedInFreshJvm(dir.resolve("from-job/simclr-v8"));
            for (EmbeddingRecord e : probes) {
                float[] expected = exported.get(e.getId());
                for (int d = 0; d < expected.length; d++) {
                    assertThat(e.getVector().get(d)).isCloseTo(expected[d], within(1e-4f));
                }
            }
            // a version the job no longer holds is refused with what it holds
            List<String> older = new ArrayList<>(args);
            older.addAll(List.of("--model-version", "4"));
            PrintStream originalErr = System.err;
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true));
            int exit;
            try {
                exit = StreamsslCli.execute(older.toArray(new String[0]));
            } finally {
                System.setErr(originalErr);
            }
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).contains("holds simclr version 8, not 4");
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
