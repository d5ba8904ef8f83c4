package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.ProjectionHead;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.state.TensorData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmaTeacherTest {

    @Test
    void startsAsItsStudentAndMovesByTheEmaFormulaExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 6);
            Network student =
                    new Network("student", ProjectionHead.build(8, 4), m, in, new StreamRandom(1));
            Network teacherNet =
                    new Network("teacher", ProjectionHead.build(8, 4), m, in, new StreamRandom(2));
            EmaTeacher teacher = new EmaTeacher(teacherNet, student);
            assertThat(teacherNet.export("x")).isEqualTo(student.export("x"));
            assertThat(teacherNet.parameters().values()).noneMatch(p -> p.getArray().hasGradient());
            assertThat(student.parameters().values()).anyMatch(p -> p.getArray().hasGradient());

            // move the student, remember both, update with m = 0.9
            for (Parameter p : student.parameters().values()) {
                if (p.requiresGradient()) {
                    p.getArray().addi(0.5f);
                }
            }
            Map<String, TensorData> before = teacherNet.export("x").asMap();
            Map<String, TensorData> studentNow = student.export("x").asMap();
            teacher.update(0.9);
            Map<String, TensorData> after = teacherNet.export("x").asMap();
            for (Map.Entry<String, Parameter> e : student.parameters().entrySet()) {
                String key = "x" + e.getKey().substring("student".length());
                float[] t0 = before.get(key).values();
                float[] s = studentNow.get(key).values();
                float[] t1 = after.get(key).values();
                for (int i = 0; i < t1.length; i++) {
                    double expected =
                            e.getValue().requiresGradient() ? 0.9 * t0[i] + 0.1 * s[i] : t0[i];
                    assertThat((double) t1[i]).as(key).isCloseTo(expected, within(1e-6));
                }
            }
        }
    }

    @Test
    void theTeacherTakesNoGradientAndTheOptimizerKeepsNoStateForIt() {
        try (SslMethod byol = Methods.create(MethodFixtures.settings("byol"))) {
            byol.trainStep(TestImages.squares(16, 1, 16, 3));
            assertThat(byol.saveState().optimizer().asMap().keySet())
                    .isNotEmpty()
                    .noneMatch(k -> k.contains("target-"))
                    .anyMatch(k -> k.contains("/encoder/"));
            assertThat(byol.saveState().networks().asMap().keySet())
                    .anyMatch(k -> k.startsWith("target-encoder/"));
        }
    }
}
