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
 * DeepCluster and DeeperCluster re-initialise their classifier at every re-clustering (every 2
 * steps in the fixtures), so here they cluster once, at step 0, and the classifier learns those
 * labels.
 */
class LossFallsTest {

    static java.util.List<String> cases() {
        return Methods.names();
    }

    private static LearnerSettings settings(String name, int steps) {
        DeepClusterSettings once = MethodFixtures.deepCluster(6, steps + 1);
        return switch (name) {
            case "deepcluster" -> MethodFixtures.settings(name, 7L, once);
            case "deepercluster" ->
                    MethodFixtures.settings(
                            name, 7L, new DeeperClusterSettings(2, 3, once, once.view()));
            default -> MethodFixtures.settings(name);
        };
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lossFallsOnAFixedBatch(String name) {
        ImageBatch batch = TestImages.squares(16, 1, 16, 3);
        // the fixture's queue of 40 keys is all real after 3 steps of 16
        int from = name.equals("moco") ? 5 : 0;
        // DeeperCluster's 4m super-classes × sub-classes (24 in the fixture) take longer
        int steps = name.equals("deepercluster") ? 200 : 60;
        try (SslMethod method = Methods.create(settings(name, steps))) {
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
            // 5 % of the loss's size: SimSiam's negative cosine is below zero
            assertThat(last).as(name + trace).isLessThan(first - 0.05 * Math.abs(first));
        }
    }
}
