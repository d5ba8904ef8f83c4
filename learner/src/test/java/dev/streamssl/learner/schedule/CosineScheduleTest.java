package dev.streamssl.learner.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {

    @Test
    void warmsUpLinearlyThenFollowsTheHalfCosine() {
        CosineSchedule s = new CosineSchedule(1.0, 0.0, 10, 110);
        assertThat(s.valueAt(0)).isCloseTo(0.1, within(1e-12));
        assertThat(s.valueAt(9)).isCloseTo(1.0, within(1e-12));
        assertThat(s.valueAt(10)).isCloseTo(1.0, within(1e-12));
        assertThat(s.valueAt(60)).isCloseTo(0.5, within(1e-12));
        assertThat(s.valueAt(85)).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 0.75)), within(1e-12));
        assertThat(s.valueAt(110)).isEqualTo(0.0);
        assertThat(s.valueAt(1_000_000)).isEqualTo(0.0);
    }

    @Test
    void canRiseForEmaMomentum() {
        CosineSchedule byol = new CosineSchedule(0.996, 1.0, 0, 1000);
        assertThat(byol.valueAt(0)).isCloseTo(0.996, within(1e-12));
        assertThat(byol.valueAt(500)).isCloseTo(0.998, within(1e-12));
        assertThat(byol.valueAt(1000)).isEqualTo(1.0);
    }
}
