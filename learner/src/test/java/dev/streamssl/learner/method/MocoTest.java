package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.learner.TestImages;
import org.junit.jupiter.api.Test;

class MocoTest {

    @Test
    void enqueuesTheStepsKeysAndReportsPositiveAndNegativeSimilarities() {
        // queue of 40 keys, batches of 16: the pointer wraps in the third step
        try (SslMethod moco = Methods.create(MethodFixtures.settings("moco"))) {
            float[] pointers = new float[3];
            TrainStepResult r = null;
            for (int i = 0; i < 3; i++) {
                r = moco.trainStep(TestImages.squares(16, 1, 16, i));
                if (i == 0) {
                    // the first step's negatives are the queue's 40 random unit vectors in 16
                    // dimensions: a query's mean cosine with them is 0 in expectation, with a
                    // standard deviation of 1/sqrt(16 · 40) ≈ 0.04 for one query
                    assertThat(r.indicators().negativeSimilarity()).isCloseTo(0.0, within(0.12));
                }
                pointers[i] = moco.saveState().components().get("queue/pointer").values()[0];
            }
            assertThat(pointers).containsExactly(16f, 32f, 8f);
            // the fixture's budgeted cosine: m rises from 0.99 towards 1 over 1000 steps
            assertThat(r.momentum())
                    .isCloseTo(1 - 0.01 * (Math.cos(Math.PI * 2 / 1000) + 1) / 2, within(1e-12));
            // keys of two views of one image agree more than keys of other images
            assertThat(r.indicators().positiveSimilarity())
                    .isGreaterThan(r.indicators().negativeSimilarity());
        }
    }

    @Test
    void theSymmetricLossEnqueuesBothViewsKeys() {
        try (SslMethod moco = Methods.create(MethodFixtures.settings("moco-v1-symmetric"))) {
            moco.trainStep(TestImages.squares(16, 1, 16, 1));
            // 2 × 16 keys into a queue of 24: the last 24 fill it and the pointer is back at 0
            // (one view's 16 keys would have left it at 16)
            assertThat(moco.saveState().components().get("queue/pointer").values()[0])
                    .isEqualTo(0f);
        }
    }

    @Test
    void embedsWithTheQueryEncoder() {
        try (SslMethod moco = Methods.create(MethodFixtures.settings("moco"))) {
            moco.trainStep(TestImages.squares(16, 1, 16, 1));
            var networks = moco.saveState().networks().asMap();
            moco.evaluationWeights()
                    .asMap()
                    .forEach((name, tensor) -> assertThat(networks.get(name)).isEqualTo(tensor));
        }
    }
}
