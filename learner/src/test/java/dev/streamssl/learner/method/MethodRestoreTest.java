package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.LearnerStateSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshot → serialise → restore into a learner with another seed → the next step is bit for bit
 * the one the original takes, for every method: networks, teachers, optimizer moments, queue,
 * center, step and generator all come back.
 */
class MethodRestoreTest {

    static String[] cases() {
        return MethodFixtures.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void restoredStateContinuesWithTheIdenticalStep(String name) throws Exception {
        ImageBatch batch = TestImages.squares(16, 1, 16, 4);
        ImageBatch next = TestImages.squares(16, 1, 16, 5);
        LearnerStateSerializer serializer = new LearnerStateSerializer();
        try (SslMethod original = Methods.create(MethodFixtures.settings(name))) {
            // three steps: the queue wraps, DINO's last layer thaws, the center moves
            for (int i = 0; i < 3; i++) {
                original.trainStep(batch);
            }
            LearnerState saved = original.saveState();
            byte[] bytes = serializer.serialize(saved);

            try (SslMethod restored = Methods.create(MethodFixtures.settings(name, 99L))) {
                assertThat(restored.saveState()).isNotEqualTo(saved);
                restored.restoreState(serializer.deserialize(serializer.version(), bytes));
                assertThat(restored.saveState()).isEqualTo(saved);

                TrainStepResult a = original.trainStep(next);
                TrainStepResult b = restored.trainStep(next);
                assertThat(b.loss()).isEqualTo(a.loss());
                assertThat(b.indicators()).isEqualTo(a.indicators());
                assertThat(restored.saveState()).isEqualTo(original.saveState());
                assertThat(restored.evaluationWeights()).isEqualTo(original.evaluationWeights());
            }
        }
    }
}
