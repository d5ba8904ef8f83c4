package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.job.decode.ImageDecoder;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RGB encoders trained by the job (ResNet-18 with the CIFAR stem, a small ViT) and exported:
 * PyTorch loads each export and gives the vectors the embeddings topic holds for 24 held-out
 * images, to 1e-4. The pixels handed to PyTorch are the job's own decoder's output (grey 28-pixel
 * images made RGB and resized to 32), so only the model is compared. (ModelExportITCase does the
 * same for the small CNN; PythonModelExportITCase for every architecture with random weights.)
 */
class TrainedExportsITCase {
    private static final int TRAIN = 64;
    private static final int PROBES = 24;

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18-cifar", "vit"})
    void pytorchReproducesTheJobsVectors(String architecture) throws Exception {
        Path exports = dir.resolve("exports");
        Map<String, String> options = SmallJob.rgbOptions(dir.resolve("cp"), 8);
        options.put("learner.architecture", architecture);
        options.put("vit.patch-size", "8");
        options.put("vit.dim", "32");
        options.put("vit.depth", "2");
        options.put("vit.heads", "2");
        options.put("learner.snapshot-interval", "2");
        options.put("learner.export.dir", exports.toUri().toString());
        options.put("learner.export.every-versions", "8");
        Path last = exports.resolve("simclr-v" + TRAIN / 8);
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                ImagePublisher images =
                        new ImagePublisher(producer, "images", WireFormat.singleObject());
                images.publish(
                        new SyntheticImages(TRAIN, 1, "train-"),
                        Map.of(),
                        ImagePublisher.Budget.onePass(),
                        null);
                long deadline = System.currentTimeMillis() + 180_000;
                while (!Files.exists(last.resolve(ExportedEncoder.DESCRIPTOR))
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                }
                assertThat(last.resolve(ExportedEncoder.DESCRIPTOR)).exists();
                Thread.sleep(3000); // the last snapshot reaches the embedders
                images.publish(
                        new SyntheticImages(PROBES, 99, "probe-"),
                        Map.of("split", "test"),
                        ImagePublisher.Budget.onePass(),
                        null);
            }
            Map<String, EmbeddingRecord> probes = ProbeEmbeddings.read(client, "probe-", PROBES);
            assertThat(probes).hasSize(PROBES);
            assertThat(probes.values())
                    .allSatisfy(e -> assertThat(e.getModelVersion()).isEqualTo(TRAIN / 8));

            ImageDecoder decoder = new ImageDecoder(3, 32, 4096, 1 << 24, 1L << 24, 512);
            List<String> ids = new ArrayList<>();
            float[] pixels = new float[PROBES * 3 * 32 * 32];
            int at = 0;
            for (Iterator<LabeledImage> it = new SyntheticImages(PROBES, 99, "probe-").iterator();
                    it.hasNext(); ) {
                LabeledImage image = it.next();
                ids.add(image.id());
                for (byte b : decoder.decode(image.toRecord(Map.of(), 0L))) {
                    pixels[at++] = b & 0xFF;
                }
            }
            int dim = probes.values().iterator().next().getVector().size();
            float[][] torch = Python.embed(dir, last, pixels, PROBES, dim);
            double worst = 0;
            for (int i = 0; i < PROBES; i++) {
                List<Float> topic = probes.get(ids.get(i)).getVector();
                for (int d = 0; d < dim; d++) {
                    worst = Math.max(worst, Math.abs(topic.get(d) - torch[i][d]));
                    assertThat(torch[i][d]).as(ids.get(i)).isCloseTo(topic.get(d), within(1e-4f));
                }
            }
            System.out.printf(
                    "%s trained by the job: largest |topic - PyTorch| %.2e%n", architecture, worst);
        }
    }
}
