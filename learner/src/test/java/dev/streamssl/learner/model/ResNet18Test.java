package dev.streamssl.learner.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.torch.GradMode;
import org.junit.jupiter.api.Test;

class ResNet18Test {

    @Test
    void hasThePapersParameterCount() {
        try (NDManager m = NDManager.newBaseManager();
                Network net =
                        new Network(
                                "encoder",
                                ResNet18.build(false),
                                m,
                                new Shape(1, 3, 224, 224),
                                new StreamRandom(1))) {
            // torchvision resnet18: 11,689,512 with its 512×1000 + 1000 classifier
            assertThat(net.learnableParameterCount()).isEqualTo(11_689_512L - 513_000L);
        }
    }

    @Test
    void cifarStemKeepsTheResolutionAndGives512Features() {
        try (NDManager m = NDManager.newBaseManager();
                Network net =
                        new Network(
                                "encoder",
                                ResNet18.build(true),
                                m,
                                new Shape(2, 3, 32, 32),
                                new StreamRandom(1))) {
            GradMode.disable();
            NDArray out = net.forward(m.randomUniform(0, 1, new Shape(2, 3, 32, 32)), false);
            assertThat(out.getShape()).isEqualTo(new Shape(2, 512));
        }
    }

    @Test
    void smallCnnGives128Features() {
        try (NDManager m = NDManager.newBaseManager();
                Network net =
                        new Network(
                                "encoder",
                                SmallCnn.build(),
                                m,
                                new Shape(2, 1, 28, 28),
                                new StreamRandom(1))) {
            GradMode.disable();
            NDArray out = net.forward(m.zeros(new Shape(3, 1, 28, 28)), false);
            assertThat(out.getShape()).isEqualTo(new Shape(3, SmallCnn.FEATURE_DIM));
        }
    }
}
