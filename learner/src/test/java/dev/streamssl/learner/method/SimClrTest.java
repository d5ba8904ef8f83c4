package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.optim.OptimizerSettings;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.LearnerStateSerializer;
import org.junit.jupiter.api.Test;

class SimClrTest {

    static LearnerSettings settings(String optimizer, double lr) {
        return settings(optimizer, lr, 7L);
    }

    static LearnerSettings settings(String optimizer, double lr, long seed) {
        AugmentationSettings aug =
                AugmentationSettings.simclr(16, new float[] {0.5f}, new float[] {0.5f})
                        .withCropScale(0.3, 1.0);
        return new LearnerSettings(
                Architecture.SMALL_CNN,
                1,
                16,
                16,
                "cpu",
                seed,
                new OptimizerSettings(optimizer, lr, 1e-6, 0.9, 0, 1000, 1.0),
                new SimClrSettings(0.2, 64, 32, aug));
    }

    @Test
    void lossFallsOnAFixedBatch() {
        ImageBatch batch = TestImages.squares(16, 1, 16, 3);
        try (SslMethod simclr = Methods.create(settings("sgd", 0.5))) {
            double first = 0;
            double last = 0;
            for (int i = 0; i < 40; i++) {
                TrainStepResult r = simclr.trainStep(batch);
                if (i < 5) {
                    first += r.loss() / 5;
                }
                if (i >= 35) {
                    last += r.loss() / 5;
                }
            }
            assertThat(last).isLessThan(first * 0.8);
            assertThat(simclr.step()).isEqualTo(40);
        }
    }

    @Test
    void restoredStateContinuesWithTheIdenticalStep() throws Exception {
        ImageBatch batch = TestImages.squares(16, 1, 16, 4);
        ImageBatch next = TestImages.squares(16, 1, 16, 5);
        LearnerStateSerializer serializer = new LearnerStateSerializer();
        for (String optimizer : new String[] {"sgd", "lars", "adamw"}) {
            double lr = optimizer.equals("adamw") ? 1e-3 : 0.3;
            try (SslMethod original = Methods.create(settings(optimizer, lr))) {
                original.trainStep(batch);
                original.trainStep(batch);
                LearnerState saved = original.saveState();
                byte[] bytes = serializer.serialize(saved);

                try (SslMethod restored = Methods.create(settings(optimizer, lr, 99L))) {
                    restored.restoreState(serializer.deserialize(serializer.version(), bytes));
                    assertThat(restored.saveState()).isEqualTo(saved);

                    TrainStepResult a = original.trainStep(next);
                    TrainStepResult b = restored.trainStep(next);
                    assertThat(b.loss()).as(optimizer).isEqualTo(a.loss());
                    assertThat(restored.saveState()).as(optimizer).isEqualTo(original.saveState());
                }
            }
        }
    }

    @Test
    void refusesStateOfAnotherMethod() {
        try (SslMethod simclr = Methods.create(settings("sgd", 0.3))) {
            LearnerState foreign =
                    new LearnerState(
                            "byol",
                            0,
                            0,
                            simclr.saveState().networks(),
                            simclr.saveState().optimizer(),
                            simclr.saveState().components());
            assertThatThrownBy(() -> simclr.restoreState(foreign)).hasMessageContaining("byol");
        }
    }
}
