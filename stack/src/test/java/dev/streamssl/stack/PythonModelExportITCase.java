package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.VitShape;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An export loaded in PyTorch ({@code examples/python/streamssl_model.py}, Debian's python3-torch)
 * gives the vectors DJL gives, to 1e-4, for every architecture. Every weight and every BatchNorm
 * statistic is drawn at random before the export, so a tensor under a wrong name, a transposed
 * layout or a missed running variance changes the vectors. (ModelExportITCase does the same for a
 * model the job trained, against the embeddings topic.)
 */
class PythonModelExportITCase {
    static final int IMAGES = 48;

    @TempDir Path work;

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn", "resnet18-cifar", "resnet18", "vit"})
    void pytorchReproducesTheExportedEncodersVectors(String name) throws Exception {
        Architecture architecture = Architecture.fromConfigName(name, new VitShape(4, 32, 2, 4));
        int channels = name.equals("small-cnn") ? 1 : 3;
        int size = name.equals("small-cnn") ? 28 : 32;
        float[] mean = channels == 1 ? new float[] {0.3f} : new float[] {0.5f, 0.4f, 0.3f};
        float[] std = channels == 1 ? new float[] {0.35f} : new float[] {0.25f, 0.2f, 0.3f};
        ExportedEncoder.Descriptor descriptor =
                new ExportedEncoder.Descriptor(
                        "simclr",
                        name,
                        architecture.vit(),
                        3,
                        size,
                        channels,
                        mean,
                        std,
                        architecture.featureDim());
        Path export = work.resolve(name);
        ExportedEncoder.write(randomWeights(architecture, channels, size), descriptor, export);
        assertThat(export.resolve(ExportedEncoder.SAFETENSORS)).exists();

        SplittableRandom random = new SplittableRandom(5);
        float[] pixels = new float[IMAGES * channels * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        float[][] djl;
        try (Model model = ExportedEncoder.load(export)) {
            djl = ExportedEncoder.embed(model, descriptor, pixels, IMAGES);
        }
        float[][] torch = Python.embed(work, export, pixels, IMAGES, architecture.featureDim());
        double worst = 0;
        for (int i = 0; i < IMAGES; i++) {
            for (int d = 0; d < djl[i].length; d++) {
                worst = Math.max(worst, Math.abs(djl[i][d] - torch[i][d]));
            }
        }
        System.out.printf(
                "%s: largest |DJL - PyTorch| over %d vectors: %.2e%n", name, IMAGES, worst);
        assertThat(worst).as(name).isLessThan(1e-4);
    }

    /** Every parameter, BatchNorm statistics included, drawn at random (variances positive). */
    private static NamedTensors randomWeights(Architecture architecture, int channels, int size) {
        SplittableRandom random = new SplittableRandom(11);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Network net = Network.encoder(architecture, channels, size, manager, 3)) {
            Map<String, TensorData> out = new LinkedHashMap<>();
            for (Map.Entry<String, TensorData> e : net.export().asMap().entrySet()) {
                float[] v = e.getValue().values().clone();
                boolean variance = e.getKey().endsWith("runningVar");
                boolean mean = e.getKey().endsWith("runningMean");
                for (int i = 0; i < v.length; i++) {
                    if (variance) {
                        v[i] = 0.5f + (float) random.nextDouble();
                    } else if (mean) {
                        v[i] = (float) (random.nextDouble() - 0.5);
                    } else {
                        v[i] += (float) (0.02 * (random.nextDouble() - 0.5));
                    }
                }
                out.put(e.getKey(), new TensorData(e.getValue().shape(), v));
            }
            return new NamedTensors(out);
        }
    }
}
