package dev.streamssl.deploy;

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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
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
        float[][] torch = embedInPython(work, export, pixels, IMAGES, architecture.featureDim());
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

    /** Runs streamssl_model.load + embed on raw float32 pixels; returns its vectors. */
    static float[][] embedInPython(Path work, Path export, float[] pixels, int n, int dim)
            throws IOException, InterruptedException {
        Path in = work.resolve("pixels.f32");
        Path out = work.resolve("vectors.f32");
        ByteBuffer b = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(pixels);
        Files.write(in, b.array());
        Python.Run run =
                Python.run(
                        work,
                        "-c",
                        "import sys, numpy as np\n"
                                + "from streamssl_model import load, embed\n"
                                + "module, d = load(sys.argv[1])\n"
                                + "n = int(sys.argv[3])\n"
                                + "x = np.fromfile(sys.argv[2], dtype='<f4').reshape("
                                + "n, d['channels'], d['inputSize'], d['inputSize'])\n"
                                + "embed(module, d, x).astype('<f4').tofile(sys.argv[4])\n",
                        export.toString(),
                        in.toString(),
                        String.valueOf(n),
                        out.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        ByteBuffer v = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(v.remaining()).isEqualTo(n * dim * 4);
        float[][] vectors = new float[n][dim];
        for (int i = 0; i < n; i++) {
            v.asFloatBuffer().position(i * dim).get(vectors[i]);
        }
        return vectors;
    }
}
