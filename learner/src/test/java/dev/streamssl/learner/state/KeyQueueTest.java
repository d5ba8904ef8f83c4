package dev.streamssl.learner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.streamssl.learner.random.StreamRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyQueueTest {

    /** Keys whose every entry is {@code value}, one row per value. */
    private static float[][] keys(float... values) {
        float[][] out = new float[values.length][2];
        for (int i = 0; i < values.length; i++) {
            out[i][0] = values[i];
            out[i][1] = values[i];
        }
        return out;
    }

    private static float[] firstColumn(KeyQueue queue) {
        float[] all = queue.keys().toFloatArray();
        float[] out = new float[queue.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[i * 2];
        }
        return out;
    }

    @Test
    void startsWithRandomUnitKeys() {
        try (NDManager m = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue("queue", m, 5, 3, new StreamRandom(1));
            float[] k = queue.keys().toFloatArray();
            for (int i = 0; i < 5; i++) {
                double norm = 0;
                for (int d = 0; d < 3; d++) {
                    norm += k[i * 3 + d] * k[i * 3 + d];
                }
                assertThat(norm).isCloseTo(1.0, within(1e-5));
            }
            assertThat(queue.pointer()).isZero();
        }
    }

    @Test
    void replacesTheOldestKeysInOrderAndWrapsAround() {
        try (NDManager m = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue("queue", m, 5, 2, new StreamRandom(1));
            queue.enqueue(m.create(keys(1, 2)));
            queue.enqueue(m.create(keys(3, 4)));
            assertThat(queue.pointer()).isEqualTo(4);
            // a batch of 3 with one slot left: one at the end, two at the start
            queue.enqueue(m.create(keys(5, 6, 7)));
            assertThat(firstColumn(queue)).containsExactly(6, 7, 3, 4, 5);
            assertThat(queue.pointer()).isEqualTo(2);
            // a partial batch of one
            queue.enqueue(m.create(keys(8)));
            assertThat(firstColumn(queue)).containsExactly(6, 7, 8, 4, 5);
            assertThat(queue.pointer()).isEqualTo(3);
        }
    }

    @Test
    void aBatchLargerThanTheQueueKeepsItsLastKeys() {
        try (NDManager m = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue("queue", m, 3, 2, new StreamRandom(1));
            queue.enqueue(m.create(keys(1)));
            queue.enqueue(m.create(keys(2, 3, 4, 5)));
            assertThat(firstColumn(queue)).containsExactly(5, 3, 4);
            assertThat(queue.pointer()).isEqualTo(1);
        }
    }

    @Test
    void survivesSaveAndRestore() {
        try (NDManager m = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue("queue", m, 4, 2, new StreamRandom(1));
            queue.enqueue(m.create(keys(1, 2, 3)));
            Map<String, TensorData> saved = new LinkedHashMap<>();
            queue.save(saved);

            KeyQueue restored = new KeyQueue("queue", m, 4, 2, new StreamRandom(2));
            restored.restore(new NamedTensors(saved));
            assertThat(restored.pointer()).isEqualTo(3);
            assertThat(restored.keys().toFloatArray()).containsExactly(queue.keys().toFloatArray());

            KeyQueue other = new KeyQueue("queue", m, 8, 2, new StreamRandom(2));
            assertThatThrownBy(() -> other.restore(new NamedTensors(saved)))
                    .hasMessageContaining("moco.queue-size");
        }
    }
}
