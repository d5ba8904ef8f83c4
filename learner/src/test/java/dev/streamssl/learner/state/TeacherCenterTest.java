package dev.streamssl.learner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeacherCenterTest {

    @Test
    void movesTowardsTheBatchMeanOfAllTeacherOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            TeacherCenter center = new TeacherCenter("center", m, 2, 0.9);
            assertThat(center.value().toFloatArray()).containsExactly(0f, 0f);
            // two global views of two images: mean (2.5, −1)
            NDList outputs =
                    new NDList(
                            m.create(new float[][] {{1, 0}, {2, -2}}),
                            m.create(new float[][] {{3, -1}, {4, -1}}));
            center.update(outputs);
            float[] c = center.value().toFloatArray();
            assertThat((double) c[0]).isCloseTo(0.1 * 2.5, within(1e-6));
            assertThat((double) c[1]).isCloseTo(0.1 * -1, within(1e-6));
            center.update(outputs);
            c = center.value().toFloatArray();
            assertThat((double) c[0]).isCloseTo(0.9 * 0.25 + 0.1 * 2.5, within(1e-6));

            Map<String, TensorData> saved = new LinkedHashMap<>();
            center.save(saved);
            TeacherCenter restored = new TeacherCenter("center", m, 2, 0.9);
            restored.restore(new NamedTensors(saved));
            assertThat(restored.value().toFloatArray()).containsExactly(c);
        }
    }
}
