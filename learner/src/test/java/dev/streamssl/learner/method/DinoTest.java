package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.model.DinoHead;
import dev.streamssl.learner.state.TensorData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DinoTest {

    private static TensorData lastLayer(SslMethod dino) {
        Map<String, TensorData> networks = dino.saveState().networks().asMap();
        return networks.entrySet().stream()
                .filter(e -> e.getKey().startsWith("head/"))
                .filter(e -> e.getKey().endsWith(DinoHead.LAST_LAYER))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    @Test
    void keepsTheLastLayerStillDuringTheFirstStepsAndReportsItsIndicators() {
        // the fixture freezes the last layer for one step
        try (SslMethod dino = Methods.create(MethodFixtures.settings("dino"))) {
            TensorData initial = lastLayer(dino);
            TrainStepResult first = dino.trainStep(TestImages.squares(16, 1, 16, 1));
            assertThat(lastLayer(dino)).isEqualTo(initial);
            dino.trainStep(TestImages.squares(16, 1, 16, 2));
            assertThat(lastLayer(dino)).isNotEqualTo(initial);

            assertThat(first.momentum()).isEqualTo(0.996);
            assertThat(first.indicators().positiveSimilarity()).isNaN();
        }
    }

    @Test
    void aTeacherSoftenedToUniformReportsTheEntropyLnK() {
        // τ_t = 10 on head outputs of order 1: P_t is uniform over the K = 64 prototypes to within
        // a few thousandths, so its entropy is ln 64 = 4.1589 and the loss, H(P_t, P_s), is the
        // student's mean −log P_s, which a uniform teacher weighs equally: loss − entropy ≥ 0
        DinoSettings d = (DinoSettings) MethodFixtures.method("dino");
        DinoSettings soft =
                new DinoSettings(
                        d.headHiddenDim(),
                        d.bottleneckDim(),
                        d.outputDim(),
                        d.studentTemperature(),
                        10,
                        10,
                        d.teacherTemperatureWarmupSteps(),
                        d.centerMomentum(),
                        d.momentum(),
                        d.freezeLastLayerSteps(),
                        d.gradientClip(),
                        d.views());
        try (SslMethod dino = Methods.create(MethodFixtures.settings("dino", 7L, soft))) {
            TrainStepResult first = dino.trainStep(TestImages.squares(16, 1, 16, 1));
            assertThat(first.indicators().teacherEntropy())
                    .isCloseTo(Math.log(64), org.assertj.core.api.Assertions.within(0.01));
            assertThat(first.indicators().teacherStudentKl()).isGreaterThan(0);
        }
    }

    @Test
    void embedsWithTheTeacherBackbone() {
        try (SslMethod dino = Methods.create(MethodFixtures.settings("dino"))) {
            for (int i = 0; i < 3; i++) {
                dino.trainStep(TestImages.squares(16, 1, 16, i));
            }
            Map<String, TensorData> networks = dino.saveState().networks().asMap();
            dino.evaluationWeights()
                    .asMap()
                    .forEach(
                            (name, tensor) -> {
                                String teacher = "teacher-" + name;
                                assertThat(networks.get(teacher)).as(teacher).isEqualTo(tensor);
                            });
            // after three steps the student has moved away from its teacher
            assertThat(dino.evaluationWeights().asMap())
                    .anySatisfy(
                            (name, tensor) -> assertThat(networks.get(name)).isNotEqualTo(tensor));
        }
    }
}
