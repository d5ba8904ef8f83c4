package dev.streamssl.learner.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    private static byte[] image(int id) {
        return new byte[] {(byte) (id >> 8), (byte) id};
    }

    private static int id(ReplayBuffer.Item item) {
        return ((item.pixels()[0] & 0xFF) << 8) | (item.pixels()[1] & 0xFF);
    }

    @Test
    void fifoTrainsEachImageOnceInArrivalOrderAndDropsTheOldestOnOverflow() {
        ReplayBuffer fifo = new ReplayBuffer(ReplayPolicy.FIFO, 4, 1);
        for (int i = 0; i < 6; i++) {
            fifo.add(image(i), null);
        }
        // 0 and 1 were pushed out untrained
        assertThat(fifo.skipped()).isEqualTo(2);
        assertThat(fifo.draw(2)).extracting(ReplayBufferTest::id).containsExactly(2, 3);
        assertThat(fifo.canDraw(3)).isFalse();
        assertThat(fifo.draw(2)).extracting(ReplayBufferTest::id).containsExactly(4, 5);
        assertThat(fifo.size()).isZero();
    }

    @Test
    void reservoirKeepsAUniformSampleOfTheWholeStream() {
        // 20 000 trials of a stream of 100 into a buffer of 10: each image stays with p = 0.1
        int trials = 20_000;
        int[] kept = new int[100];
        for (int t = 0; t < trials; t++) {
            ReplayBuffer reservoir = new ReplayBuffer(ReplayPolicy.RESERVOIR, 10, t);
            for (int i = 0; i < 100; i++) {
                reservoir.add(image(i), null);
            }
            for (ReplayBuffer.Item item : reservoir.items()) {
                kept[id(item)]++;
            }
        }
        // binomial(20 000, 0.1): mean 2000, σ ≈ 42; every image within 4.5σ
        for (int count : kept) {
            assertThat(count).isBetween(1810, 2190);
        }
        // the first ten and the last ten are kept equally often (no recency or primacy bias)
        int first = 0;
        int last = 0;
        for (int i = 0; i < 10; i++) {
            first += kept[i];
            last += kept[90 + i];
        }
        assertThat(Math.abs(first - last)).isLessThan(600);
    }

    @Test
    void minRedEvictsTheMostRedundantImage() {
        ReplayBuffer minRed = new ReplayBuffer(ReplayPolicy.MINRED, 3, 1);
        minRed.add(image(0), new float[] {1, 0});
        minRed.add(image(1), new float[] {0, 1});
        minRed.add(image(2), new float[] {-1, 0});
        // image 3 is nearly image 0: the two share the highest nearest-neighbour similarity, so
        // one of them goes (the first found, image 0) and the distinct images 1 and 2 stay
        minRed.add(image(3), new float[] {0.99f, 0.05f});
        List<Integer> ids = minRed.items().stream().map(ReplayBufferTest::id).toList();
        assertThat(ids).containsExactly(1, 2, 3);
    }

    @Test
    void minRedsBookkeepingAgreesWithComparingAllPairs() {
        // random features, evictions and feature updates: the item evicted each time must be the
        // one a brute-force scan of all pairs finds
        java.util.Random random = new java.util.Random(4);
        ReplayBuffer minRed = new ReplayBuffer(ReplayPolicy.MINRED, 30, 1);
        for (int i = 0; i < 200; i++) {
            minRed.add(image(i), gaussian(random, 6));
            if (minRed.size() == 30) {
                assertThat(minRed.mostRedundant()).isEqualTo(bruteForceMostRedundant(minRed));
            }
            if (i % 25 == 24) {
                List<ReplayBuffer.Item> drawn = minRed.draw(5);
                float[][] updated = new float[5][];
                for (int j = 0; j < 5; j++) {
                    updated[j] = gaussian(random, 6);
                }
                minRed.updateFeatures(drawn, updated);
                assertThat(minRed.mostRedundant()).isEqualTo(bruteForceMostRedundant(minRed));
            }
        }
    }

    private static float[] gaussian(java.util.Random random, int dim) {
        float[] f = new float[dim];
        for (int d = 0; d < dim; d++) {
            f[d] = (float) random.nextGaussian();
        }
        return f;
    }

    private static int bruteForceMostRedundant(ReplayBuffer buffer) {
        List<ReplayBuffer.Item> items = buffer.items();
        int best = items.size() - 1;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < items.size(); i++) {
            double nearest = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < items.size(); j++) {
                if (i != j) {
                    double s = 0;
                    for (int d = 0; d < items.get(i).feature.length; d++) {
                        s += items.get(i).feature[d] * items.get(j).feature[d];
                    }
                    nearest = Math.max(nearest, s);
                }
            }
            if (nearest > bestSimilarity) {
                bestSimilarity = nearest;
                best = i;
            }
        }
        return best;
    }

    @Test
    void drawsDistinctImagesAndCountsTraining() {
        ReplayBuffer reservoir = new ReplayBuffer(ReplayPolicy.RESERVOIR, 8, 3);
        for (int i = 0; i < 8; i++) {
            reservoir.add(image(i), null);
        }
        List<ReplayBuffer.Item> batch = reservoir.draw(8);
        assertThat(batch).extracting(ReplayBufferTest::id).doesNotHaveDuplicates();
        assertThat(reservoir.untrained()).isZero();
    }

    @Test
    void survivesSerializationAndDrawsTheSameBatchesAfterRestore() throws Exception {
        ReplayBuffer a = new ReplayBuffer(ReplayPolicy.MINRED, 5, 9);
        for (int i = 0; i < 9; i++) {
            a.add(image(i), new float[] {i % 3, i % 5 + 1, 1});
        }
        a.draw(2);
        byte[] bytes = new ReplayBufferSerializer(a).serialize(a);
        ReplayBuffer b = new ReplayBuffer(ReplayPolicy.MINRED, 5, 0);
        new ReplayBufferSerializer(b).deserialize(ReplayBufferSerializer.VERSION, bytes);
        assertThat(b.seen()).isEqualTo(a.seen());
        assertThat(b.skipped()).isEqualTo(a.skipped());
        assertThat(b.draw(3))
                .extracting(ReplayBufferTest::id)
                .containsExactlyElementsOf(a.draw(3).stream().map(ReplayBufferTest::id).toList());

        ReplayBuffer other = new ReplayBuffer(ReplayPolicy.FIFO, 5, 0);
        assertThatThrownBy(
                        () ->
                                new ReplayBufferSerializer(other)
                                        .deserialize(ReplayBufferSerializer.VERSION, bytes))
                .hasMessageContaining("learner.replay.policy");
    }
}
