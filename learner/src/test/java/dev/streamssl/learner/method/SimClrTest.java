package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.augment.TwoViewAugmentation;
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
        return settings(optimizer, lr, seed, 0.8);
    }

    static LearnerSettings settings(String optimizer, double lr, long seed, double jitter) {
        TwoViewAugmentation aug =
                AugmentationPresets.simclr(16, new float[] {0.5f}, new float[] {0.5f})
                        .map(
                                v ->
                                        v.toBuilder()
                                                .cropScale(0.3, 1.0)
                                                .jitter(jitter, 0.4, 0.4, 0, 0)
                                                .build());
        return new LearnerSettings(
                Architecture.SMALL_CNN,
                1,
                16,
                16,
                "cpu",
                seed,
                new OptimizerSettings(optimizer, lr, 1e-6, 0.9, 0.001, "cosine", 0, 1000, 1.0),
                new SimClrSettings(0.2, 64, 32, aug));
    }

    @Test
    void lossFallsOnAFixedBatch() {
        ImageBatch batch = TestImages.squares(16, 1, 16, 3);
        // crops only: the loss must fall from what the network learns, not from easier views
        try (SslMethod simclr = Methods.create(settings("adamw", 0.05, 7L, 0.0))) {
            double first = 0;
            double last = 0;
            for (int i = 0; i < 100; i++) {
                TrainStepResult r = simclr.trainStep(batch);
                if (i < 10) {
                    first += r.loss() / 10;
                }
                if (i >= 90) {
                    last += r.loss() / 10;
                }
            }
            assertThat(last).isLessThan(first * 0.9);
            assertThat(simclr.step()).isEqualTo(100);
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
