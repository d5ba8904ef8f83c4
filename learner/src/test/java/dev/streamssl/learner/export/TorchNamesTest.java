package dev.streamssl.learner.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.VitShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each PyTorch name sits on the DJL parameter of the same role: one name per parameter, and every
 * name's tensor has the shape PyTorch gives that module (conv weights (out, in, k, k), BatchNorm
 * and LayerNorm vectors, Linear (out, in), the ViT's tokens), so a swapped order cannot pass.
 */
class TorchNamesTest {
    private static final VitShape VIT = new VitShape(4, 16, 2, 2);

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn", "resnet18", "resnet18-cifar", "vit"})
    void everyNameSitsOnAParameterOfItsModulesShape(String name) {
        Architecture architecture = Architecture.fromConfigName(name, VIT);
        int channels = 3;
        int size = 16;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Network net = Network.encoder(architecture, channels, size, manager, 1)) {
            List<String> torch = TorchNames.of(architecture);
            List<Parameter> djl = new ArrayList<>(net.parameters().values());
            assertThat(torch).hasSize(djl.size()).doesNotHaveDuplicates();
            for (int i = 0; i < torch.size(); i++) {
                String key = torch.get(i);
                Shape shape = djl.get(i).getArray().getShape();
                assertThat(shape.dimension()).as(key).isEqualTo(expectedRank(key));
                if (key.equals("cls_token")) {
                    assertThat(shape).isEqualTo(new Shape(1, 1, VIT.dim()));
                } else if (key.equals("pos_embed")) {
                    long grid = size / VIT.patchSize();
                    assertThat(shape).isEqualTo(new Shape(1, 1 + grid * grid, VIT.dim()));
                } else if (key.endsWith("qkv.weight")) {
                    assertThat(shape).isEqualTo(new Shape(3L * VIT.dim(), VIT.dim()));
                } else if (key.endsWith("fc1.weight")) {
                    assertThat(shape).isEqualTo(new Shape(4L * VIT.dim(), VIT.dim()));
                } else if (key.equals("conv1.weight")) {
                    int k = name.equals("resnet18") ? 7 : 3;
                    assertThat(shape).isEqualTo(new Shape(64, channels, k, k));
                } else if (key.endsWith("downsample.0.weight")) {
                    assertThat(shape.get(2)).as(key).isEqualTo(1);
                }
            }
            assertThat(TorchNames.batchNormCounters(architecture))
                    .hasSize(name.equals("vit") ? 0 : name.equals("small-cnn") ? 3 : 20);
        }
    }

    @Test
    void aPairingOutOfOrderOrOfAnotherArchitectureIsRefusedNamingIt() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Network cnn = Network.encoder(Architecture.SMALL_CNN, 1, 16, manager, 1);
                Network resnet = Network.encoder(Architecture.RESNET18, 1, 16, manager, 1)) {
            assertThat(TorchNames.byParameter(cnn.parameters(), Architecture.SMALL_CNN))
                    .containsEntry("encoder/02BatchNorm_gamma", "features.1.weight")
                    .containsEntry("encoder/02BatchNorm_runningVar", "features.1.running_var")
                    .hasSize(15);
            // BatchNorm's running mean and variance in the other order: the same shapes
            Map<String, Parameter> swapped = new LinkedHashMap<>();
            cnn.parameters()
                    .forEach(
                            (name, p) -> {
                                if (!name.equals("encoder/02BatchNorm_runningMean")) {
                                    swapped.put(name, p);
                                }
                                if (name.equals("encoder/02BatchNorm_runningVar")) {
                                    swapped.put(
                                            "encoder/02BatchNorm_runningMean",
                                            cnn.parameter("encoder/02BatchNorm_runningMean"));
                                }
                            });
            assertThatThrownBy(() -> TorchNames.byParameter(swapped, Architecture.SMALL_CNN))
                    .hasMessageContaining(
                            "PyTorch key features.1.running_mean would land on"
                                    + " encoder/02BatchNorm_runningVar (a RUNNING_VAR)");
            assertThatThrownBy(
                            () ->
                                    TorchNames.byParameter(
                                            resnet.parameters(), Architecture.SMALL_CNN))
                    .hasMessageContaining("the encoder has 100 parameters, small-cnn has 15");
        }
    }

    private static int expectedRank(String key) {
        if (key.equals("cls_token") || key.equals("pos_embed")) {
            return 3;
        }
        boolean conv =
                key.startsWith("features.") && key.endsWith(".weight") && isConvIndex(key)
                        || key.matches(".*conv\\d\\.weight")
                        || key.endsWith("downsample.0.weight")
                        || key.equals("patch_embed.proj.weight");
        if (conv) {
            return 4;
        }
        boolean linear = key.matches(".*(qkv|proj|fc1|fc2)\\.weight");
        return linear ? 2 : 1;
    }

    private static boolean isConvIndex(String key) {
        int index = Integer.parseInt(key.split("\\.")[1]);
        return index % 4 == 0;
    }
}
