package dev.streamssl.learner.augment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.torch.GradMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ViewPipelineTest {
    private static final float[] ZERO3 = {0, 0, 0};
    private static final float[] ONE3 = {1, 1, 1};

    @BeforeEach
    void noGrad() {
        GradMode.disable();
    }

    @Test
    void identityParametersReturnTheInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(4, 3, 16, 16));
            AugmentationSettings identity = AugmentationSettings.builder(16, ZERO3, ONE3).build();
            NDArray y = new ViewPipeline(identity).apply(x, new StreamRandom(1));
            assertThat(y.sub(x).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void sameGeneratorStateGivesTheSameViewsAndTheNextStepOthers() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(8, 3, 32, 32));
            TwoViewPolicy policy = new TwoViewPolicy(AugmentationPresets.byol(32, ZERO3, ONE3));
            NDList a = policy.views(x, new StreamRandom(5));
            NDList b = policy.views(x, new StreamRandom(5));
            StreamRandom advancing = new StreamRandom(5);
            policy.views(x, advancing);
            NDList next = policy.views(x, advancing);
            for (int v = 0; v < 2; v++) {
                assertThat(a.get(v).toFloatArray()).isEqualTo(b.get(v).toFloatArray());
                assertThat(a.get(v).toFloatArray()).isNotEqualTo(next.get(v).toFloatArray());
            }
        }
    }

    @Test
    void multiCropReturnsTheConfiguredViewsAndSizes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(4, 1, 28, 28));
            MultiCropPolicy dino =
                    new MultiCropPolicy(
                            AugmentationPresets.dino(
                                    28, 12, 6, new float[] {0.5f}, new float[] {0.5f}));
            NDList views = dino.views(x, new StreamRandom(3));
            assertThat(views).hasSize(8);
            assertThat(dino.viewCount()).isEqualTo(8);
            assertThat(views.get(0).getShape()).isEqualTo(new Shape(4, 1, 28, 28));
            assertThat(views.get(1).getShape()).isEqualTo(new Shape(4, 1, 28, 28));
            for (int i = 2; i < 8; i++) {
                assertThat(views.get(i).getShape()).isEqualTo(new Shape(4, 1, 12, 12));
            }
        }
    }

    @Test
    void presetsCarryThePapersValues() {
        TwoViewAugmentation byol = AugmentationPresets.byol(224, ZERO3, ONE3);
        assertThat(byol.first().blurProbability()).isEqualTo(1.0);
        assertThat(byol.first().solarizeProbability()).isEqualTo(0.0);
        assertThat(byol.second().blurProbability()).isEqualTo(0.1);
        assertThat(byol.second().solarizeProbability()).isEqualTo(0.2);
        TwoViewAugmentation moco = AugmentationPresets.moco(224, ZERO3, ONE3);
        assertThat(moco.first().cropScaleMin()).isEqualTo(0.2);
        assertThat(moco.first().saturation()).isEqualTo(0.4);
        assertThat(moco.first().hue()).isEqualTo(0.1);
        assertThat(AugmentationPresets.simclr(224, ZERO3, ONE3).first().brightness())
                .isEqualTo(0.8);
        assertThat(AugmentationPresets.simclr(32, ZERO3, ONE3).first().brightness()).isEqualTo(0.4);
        assertThat(AugmentationPresets.simclr(32, ZERO3, ONE3).first().blurProbability()).isZero();
        MultiCropAugmentation dino = AugmentationPresets.dino(224, 96, 8, ZERO3, ONE3);
        assertThat(dino.global1().blurProbability()).isEqualTo(1.0);
        assertThat(dino.global2().solarizeProbability()).isEqualTo(0.2);
        assertThat(dino.local().blurProbability()).isEqualTo(0.5);
        assertThat(dino.local().cropScaleMax()).isEqualTo(0.4);
        assertThat(dino.global1().cropScaleMin()).isEqualTo(0.4);
    }
}
