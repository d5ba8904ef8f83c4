package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SimClrSettings;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.optim.OptimizerSettings;
import dev.streamssl.learner.random.StreamRandom;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code learner.init-from} with a real torchvision ResNet-18: Python (Debian's
 * python3-torchvision) saves {@code torchvision.models.resnet18()} with random weights and random
 * BatchNorm statistics, its {@code fc} included, and the backbone's output on a fixed input; the
 * learner's version 0 gives the same output to 1e-4.
 */
class TorchvisionWarmStartITCase {
    private static final int N = 4;
    private static final int SIZE = 64;

    @TempDir Path work;

    @Test
    void aTorchvisionResNet18GivesTheSameOutputInJavaAsInPython() throws Exception {
        Path weights = work.resolve("resnet18.safetensors");
        Path input = work.resolve("input.f32");
        Path output = work.resolve("output.f32");
        Python.Run saved =
                Python.run(
                        work,
                        "-c",
                        "import sys, torch, torchvision\n"
                                + "from streamssl_model import write_safetensors\n"
                                + "torch.manual_seed(0)\n"
                                + "net = torchvision.models.resnet18()\n"
                                + "for m in net.modules():\n"
                                + "    if isinstance(m, torch.nn.BatchNorm2d):\n"
                                + "        m.running_mean.uniform_(-0.5, 0.5)\n"
                                + "        m.running_var.uniform_(0.5, 1.5)\n"
                                + "        m.weight.data.uniform_(0.5, 1.5)\n"
                                + "        m.bias.data.uniform_(-0.2, 0.2)\n"
                                + "write_safetensors(sys.argv[1], net.state_dict())\n"
                                + "net.fc = torch.nn.Identity()\n"
                                + "x = torch.randn("
                                + N
                                + ", 3, "
                                + SIZE
                                + ", "
                                + SIZE
                                + ")\n"
                                + "x.numpy().astype('<f4').tofile(sys.argv[2])\n"
                                + "with torch.no_grad():\n"
                                + "    net.eval()(x).numpy().astype('<f4').tofile(sys.argv[3])\n"
                                + "print(len(net.state_dict()), 'tensors')\n",
                        weights.toString(),
                        input.toString(),
                        output.toString());
        assertThat(saved.exit()).as(saved.output()).isZero();

        LearnerSettings settings =
                new LearnerSettings(
                        Architecture.RESNET18,
                        3,
                        SIZE,
                        8,
                        "cpu",
                        1L,
                        new OptimizerSettings("lars", 0.3, 1e-6, 0.9, 0.02, "cosine", 2, 100, 0.01),
                        new SimClrSettings(
                                0.2,
                                32,
                                16,
                                AugmentationPresets.simclr(
                                        SIZE,
                                        new float[] {0.5f, 0.5f, 0.5f},
                                        new float[] {0.25f, 0.25f, 0.25f})),
                        weights.toString());
        float[] x = floats(input);
        float[] expected = floats(output);
        float[] actual;
        try (SslMethod method = Methods.create(settings);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Network encoder =
                        new Network(
                                "encoder",
                                Architecture.RESNET18.build(),
                                manager,
                                new Shape(2, 3, SIZE, SIZE),
                                new StreamRandom(0))) {
            encoder.load(method.evaluationWeights());
            NDArray h = encoder.forward(manager.create(x, new Shape(N, 3, SIZE, SIZE)), false);
            actual = h.toFloatArray();
        }
        assertThat(actual).hasSize(N * 512).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        System.out.printf("torchvision resnet18 in DJL: largest difference %.2e%n", worst);
        assertThat(worst).isLessThan(1e-4);
    }

    private static float[] floats(Path file) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
