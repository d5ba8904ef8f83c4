package dev.streamssl.learner.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplicaMeanTest {
    private static NamedTensors tensors(float... values) {
        return new NamedTensors(Map.of("w", new TensorData(new long[] {values.length}, values)));
    }

    @Test
    void weighsEachReplicaByTheImagesItTrainedOn() {
        NamedTensors mean =
                ReplicaMean.of(
                        List.of(
                                new Contribution(0, 3, tensors(1f, 10f)),
                                new Contribution(1, 1, tensors(5f, -2f))));
        // (3·1 + 1·5)/4 = 2, (3·10 − 2)/4 = 7
        assertThat(mean.get("w").values()).containsExactly(2f, 7f);
    }

    @Test
    void weighsEquallyWhenNoReplicaTrained() {
        NamedTensors mean =
                ReplicaMean.of(
                        List.of(
                                new Contribution(0, 0, tensors(1f)),
                                new Contribution(1, 0, tensors(2f))));
        assertThat(mean.get("w").values()).containsExactly(1.5f);
    }

    @Test
    void oneReplicasMeanIsItsOwnTensorsBitForBit() {
        Random random = new Random(3);
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6));
        }
        NamedTensors mean = ReplicaMean.of(List.of(new Contribution(0, 37, tensors(values))));
        assertThat(mean.get("w").values()).containsExactly(values);
    }

    @Test
    void doesNotDependOnTheOrderContributionsArrive() {
        Random random = new Random(5);
        List<Contribution> contributions = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            float[] values = new float[257];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian() * 1e3f;
            }
            contributions.add(new Contribution(r, 10 + r, tensors(values)));
        }
        float[] inOrder = ReplicaMean.of(contributions).get("w").values();
        for (int shuffle = 0; shuffle < 10; shuffle++) {
            Collections.shuffle(contributions, new Random(shuffle));
            assertThat(ReplicaMean.of(contributions).get("w").values()).containsExactly(inOrder);
        }
    }

    @Test
    void refusesAReplicaTwiceAndMismatchedTensors() {
        assertThatThrownBy(
                        () ->
                                ReplicaMean.of(
                                        List.of(
                                                new Contribution(1, 1, tensors(1f)),
                                                new Contribution(1, 1, tensors(2f)))))
                .hasMessageContaining("replica 1 contributed twice");
        assertThatThrownBy(
                        () ->
                                ReplicaMean.of(
                                        List.of(
                                                new Contribution(0, 1, tensors(1f)),
                                                new Contribution(1, 1, tensors(2f, 3f)))))
                .hasMessageContaining("replica 1 has no tensor w of 1 values");
    }
}
