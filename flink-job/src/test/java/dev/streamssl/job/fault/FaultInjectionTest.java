package dev.streamssl.job.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.job.fault.FaultInjection.Point;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
    @BeforeEach
    void forget() {
        FaultInjection.reset();
    }

    @Test
    void throwsOnceOnTheNamedPassAndNeverAgain() {
        FaultInjection f = FaultInjection.parse("embedder@3, learner-snapshot@1");
        f.pass(Point.EMBEDDER);
        f.pass(Point.EMBEDDER);
        f.pass(Point.DECODE); // not armed: never throws
        assertThat(FaultInjection.fired(Point.EMBEDDER)).isFalse();
        assertThatThrownBy(() -> f.pass(Point.EMBEDDER))
                .isInstanceOf(FaultInjection.InjectedFailure.class)
                .hasMessageContaining("embedder")
                .hasMessageContaining("pass 3");
        assertThat(FaultInjection.fired(Point.EMBEDDER)).isTrue();
        // after the restart the job passes the same point again: no second failure
        for (int i = 0; i < 10; i++) {
            f.pass(Point.EMBEDDER);
        }
        assertThatThrownBy(() -> f.pass(Point.LEARNER_SNAPSHOT))
                .isInstanceOf(FaultInjection.InjectedFailure.class);
    }

    @Test
    void noneInjectsNothing() {
        for (FaultInjection f :
                new FaultInjection[] {FaultInjection.none(), FaultInjection.parse(" ")}) {
            for (int i = 0; i < 100; i++) {
                for (Point p : Point.values()) {
                    f.pass(p);
                }
            }
        }
        assertThat(FaultInjection.fired(Point.DECODE)).isFalse();
    }

    @Test
    void namesWhatIsWrongInTheOption() {
        for (String bad : new String[] {"decoder@3", "decode", "decode@0", "decode@x"}) {
            assertThatThrownBy(() -> FaultInjection.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("job.inject-failure")
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("learner-snapshot");
        }
    }
}
