package dev.streamssl.learner.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.learner.optim.OptimizerSettings;
import org.junit.jupiter.api.Test;

class StreamSchedulesTest {

    @Test
    void constantWarmsUpThenHoldsForEver() {
        ConstantSchedule s = new ConstantSchedule(0.4, 10);
        assertThat(s.valueAt(0)).isCloseTo(0.04, within(1e-12));
        assertThat(s.valueAt(9)).isCloseTo(0.4, within(1e-12));
        assertThat(s.valueAt(10)).isEqualTo(0.4);
        assertThat(s.valueAt(10_000_000)).isEqualTo(0.4);
    }

    @Test
    void linearRampReachesItsEndAndStays() {
        LinearRamp ramp = new LinearRamp(0.04, 0.07, 30);
        assertThat(ramp.valueAt(0)).isEqualTo(0.04);
        assertThat(ramp.valueAt(15)).isCloseTo(0.055, within(1e-12));
        assertThat(ramp.valueAt(30)).isEqualTo(0.07);
        assertThat(ramp.valueAt(1_000_000)).isEqualTo(0.07);
    }

    @Test
    void teacherMomentumRisesToOneOnlyUnderTheBudgetedSchedule() {
        OptimizerSettings budget =
                new OptimizerSettings("lars", 0.4, 0, 0.9, 0.02, "cosine", 10, 1000, 0.01);
        StepSchedule byol = budget.annealed(0.996, 1.0);
        assertThat(byol.valueAt(0)).isCloseTo(0.996, within(1e-12));
        // τ = 1 − (1 − τ_base)(cos(πk/K) + 1)/2 at k = K/2
        assertThat(byol.valueAt(500)).isCloseTo(0.998, within(1e-12));
        assertThat(byol.valueAt(1000)).isEqualTo(1.0);

        OptimizerSettings stream =
                new OptimizerSettings("lars", 0.4, 0, 0.9, 0.02, "constant", 10, 0, 0.01);
        StepSchedule held = stream.annealed(0.996, 1.0);
        assertThat(held.valueAt(0)).isEqualTo(0.996);
        assertThat(held.valueAt(1_000_000)).isEqualTo(0.996);
        assertThat(stream.schedule(256).valueAt(1_000_000)).isEqualTo(0.4);
    }
}
