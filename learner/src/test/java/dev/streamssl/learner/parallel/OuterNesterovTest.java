package dev.streamssl.learner.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OuterNesterovTest {
    private static NamedTensors w(float value) {
        return new NamedTensors(Map.of("w", new TensorData(new long[] {1}, new float[] {value})));
    }

    @Test
    void followsPyTorchsNesterovSgdOnTheOuterGradient() {
        // PyTorch SGD(nesterov=True, lr=0.7, momentum=0.9) on parameter p with gradient g:
        // buf = 0.9·buf + g; p -= 0.7·(g + 0.9·buf); DiLoCo's g = anchor − mean
        OuterNesterov outer = new OuterNesterov(0.7, 0.9);
        // round 1: anchor 1, mean 0.8: g = 0.2, buf = 0.2, p = 1 − 0.7·(0.2 + 0.18) = 0.734
        NamedTensors first = outer.step(w(1f), w(0.8f));
        assertThat(first.get("w").values()[0]).isCloseTo(0.734f, within(1e-6f));
        // round 2: anchor 0.734, mean 0.7: g = 0.034, buf = 0.18 + 0.034 = 0.214,
        // p = 0.734 − 0.7·(0.034 + 0.1926) = 0.57538
        NamedTensors second = outer.step(first, w(0.7f));
        assertThat(second.get("w").values()[0]).isCloseTo(0.57538f, within(1e-6f));
        assertThat(outer.state().get("w").values()[0]).isCloseTo(0.214f, within(1e-6f));
    }

    @Test
    void restoredMomentumContinuesTheSameSequence() {
        OuterNesterov a = new OuterNesterov(0.7, 0.9);
        NamedTensors p = a.step(w(1f), w(0.8f));
        OuterNesterov b = new OuterNesterov(0.7, 0.9);
        b.restore(a.state());
        assertThat(b.step(p, w(0.5f))).isEqualTo(a.step(p, w(0.5f)));
    }

    @Test
    void withRateOneAndNoMomentumItIsTheMean() {
        OuterNesterov outer = new OuterNesterov(1.0, 0.0);
        assertThat(outer.step(w(1f), w(0.25f)).get("w").values()[0]).isEqualTo(0.25f);
    }
}
