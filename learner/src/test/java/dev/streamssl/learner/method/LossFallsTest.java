package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method learns: on one fixed batch, what it minimises falls over a few dozen steps. Two
 * methods need care in what is compared. MoCo's loss first rises while the queue's random initial
 * keys (easy negatives) are replaced by real ones, so its window starts once the queue is full.
 * DINO's loss is the cross-entropy H(P_t, P_s) = H(P_t) + KL(P_t ‖ P_s), and H(P_t) rises while the
 * teacher temperature warms up and the center moves; what the student minimises is the KL.
 */
class LossFallsTest {

    static String[] cases() {
        return new String[] {"simclr", "moco", "byol", "dino"};
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lossFallsOnAFixedBatch(String name) {
        ImageBatch batch = TestImages.squares(16, 1, 16, 3);
        // the fixture's queue of 40 keys is all real after 3 steps of 16
        int from = name.equals("moco") ? 5 : 0;
        int steps = 60;
        try (SslMethod method = Methods.create(MethodFixtures.settings(name))) {
            double first = 0;
            double last = 0;
            StringBuilder trace = new StringBuilder();
            for (int i = 0; i < steps; i++) {
                TrainStepResult r = method.trainStep(batch);
                double value = name.equals("dino") ? r.indicators().teacherStudentKl() : r.loss();
                trace.append(String.format(" %.3f", value));
                if (i >= from && i < from + 10) {
                    first += value / 10;
                }
                if (i >= steps - 10) {
                    last += value / 10;
                }
            }
            assertThat(last).as(name + trace).isLessThan(first * 0.95);
        }
    }
}
