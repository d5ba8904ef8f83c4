package dev.streamssl.learner.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** k-means (full and mini-batch), empty clusters, the feature memory and the whitening. */
class ClusteringTest {

    /** Well-separated blobs: {@code perBlob} points around each of {@code k} far-apart centres. */
    private static float[][] blobs(int k, int perBlob, int dim, int[] truth, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[k][dim];
        for (float[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) (10 * random.nextGaussian());
            }
        }
        float[][] x = new float[k * perBlob][dim];
        for (int i = 0; i < x.length; i++) {
            truth[i] = i % k;
            for (int d = 0; d < dim; d++) {
                x[i][d] = centres[truth[i]][d] + (float) (0.5 * random.nextGaussian());
            }
        }
        return x;
    }

    /** Fraction of points whose cluster's majority truth is their own. */
    private static double purity(int[] labels, int[] truth, int k) {
        Map<Integer, int[]> votes = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            votes.computeIfAbsent(labels[i], c -> new int[k])[truth[i]]++;
        }
        int agree = 0;
        for (int[] v : votes.values()) {
            int max = 0;
            for (int c : v) {
                max = Math.max(max, c);
            }
            agree += max;
        }
        return (double) agree / labels.length;
    }

    @Test
    void kMeansFindsSeparatedBlobs() {
        int[] truth = new int[8 * 100];
        float[][] x = blobs(8, 100, 6, truth, 1);
        // a few more clusters than blobs, as DeepCluster over-clusters
        KMeans.Result r = KMeans.fit(x, 10, 20, new StreamRandom(2));
        assertThat(purity(r.labels(), truth, 8)).isGreaterThanOrEqualTo(0.99);
        assertThat(r.sizes()).doesNotContain(0.0);
    }

    @Test
    void miniBatchKMeansFindsSeparatedBlobsFromAStream() {
        int[] truth = new int[6 * 400];
        float[][] x = blobs(6, 400, 5, truth, 3);
        StreamRandom random = new StreamRandom(4);
        Centroids centroids = new Centroids("c", 6, 5, 0.9);
        centroids.reset(KMeans.fit(slice(x, 0, 64), 6, 20, random).centroids(), new double[6]);
        int[] labels = new int[x.length];
        for (int from = 0; from < x.length; from += 64) {
            float[][] batch = slice(x, from, Math.min(from + 64, x.length));
            int[] l = centroids.update(batch, random);
            System.arraycopy(l, 0, labels, from, l.length);
        }
        int[] last = centroids.assign(x);
        assertThat(purity(last, truth, 6)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void anEmptyClusterIsSplitFromAPopulatedOneWhichSharesItsPoints() {
        // two tight groups; cluster 2 sits far away and gets nothing
        float[][] batch = {{0, 0.1f}, {0.1f, 0}, {0.05f, 0.05f}, {0, 0.09f}, {5, 5}, {5.1f, 5}};
        Centroids centroids = new Centroids("c", 3, 2, 0.5);
        centroids.reset(new float[][] {{0.05f, 0.05f}, {5, 5}, {-100, -100}}, new double[3]);
        int[] labels = centroids.update(batch, new StreamRandom(9));

        int[] counts = new int[3];
        for (int y : labels) {
            counts[y]++;
        }
        assertThat(counts).doesNotContain(0);
        double[] w = centroids.weights();
        assertThat(java.util.Arrays.stream(w).min().orElseThrow()).isPositive();
        // the refilled cluster took its centroid next to one of the two groups
        float[] refilled = centroids.centroids()[2];
        assertThat(
                        Math.min(
                                Matrices.squaredDistance(refilled, new float[] {0.05f, 0.05f}),
                                Matrices.squaredDistance(refilled, new float[] {5.05f, 5})))
                .isLessThan(0.1f);
    }

    @Test
    void theFaissSplitPerturbsSymmetricallyAndHalvesTheSize() {
        float[][] c = {{2, 4}, {0, 0}};
        double[] sizes = {10, 0};
        int[] donors = EmptyClusters.split(c, sizes, 1, new StreamRandom(1));
        assertThat(donors).containsExactly(-1, 0);
        float e = EmptyClusters.EPSILON;
        assertThat(c[1]).containsExactly(2 * (1 + e), 4 * (1 - e));
        assertThat(c[0]).containsExactly(2 * (1 - e), 4 * (1 + e));
        assertThat(sizes).containsExactly(5, 5);
    }

    @Test
    void memoryKeepsTheMostRecentRowsAndSurvivesRestore() {
        RowMemory memory = new RowMemory("m", 3, 1);
        memory.add(new float[][] {{1}, {2}});
        assertThat(memory.rows()).isDeepEqualTo(new float[][] {{1}, {2}});
        memory.add(new float[][] {{3}, {4}});
        assertThat(memory.rows()).isDeepEqualTo(new float[][] {{2}, {3}, {4}});
        Map<String, TensorData> saved = new LinkedHashMap<>();
        memory.save(saved);
        RowMemory restored = new RowMemory("m", 3, 1);
        restored.restore(new NamedTensors(saved));
        restored.add(new float[][] {{5}});
        assertThat(restored.rows()).isDeepEqualTo(new float[][] {{3}, {4}, {5}});
    }

    @Test
    void whiteningDecorrelatesAndEqualisesTheVariances() {
        Random random = new Random(5);
        float[][] x = new float[4000][3];
        for (float[] row : x) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            row[0] = (float) (10 * a + 3);
            row[1] = (float) (10 * a + 0.5 * b - 1);
            row[2] = (float) (2 * b);
        }
        Whitening w = new Whitening("w", 3, 2, 0);
        w.observe(x);
        w.refit();
        Map<String, TensorData> t = new LinkedHashMap<>();
        w.exportTransform("t", t);
        float[] mean = t.get("t/mean").values();
        float[][] p = Matrices.unflatten(t.get("t/projection").values(), 3, 3);
        // before normalisation: A(x − μ) has the covariance U_p U_pᵀ, the projection onto the top
        // p = 2 principal directions: unit variance in them (trace 2), nothing outside (C² = C)
        double[][] cov = new double[3][3];
        for (float[] row : x) {
            double[] y = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int d = 0; d < 3; d++) {
                    y[i] += p[i][d] * (row[d] - mean[d]);
                }
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cov[i][j] += y[i] * y[j] / x.length;
                }
            }
        }
        assertThat(cov[0][0] + cov[1][1] + cov[2][2]).isCloseTo(2, within(1e-3));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double square = 0;
                for (int k = 0; k < 3; k++) {
                    square += cov[i][k] * cov[k][j];
                }
                assertThat(square).isCloseTo(cov[i][j], within(1e-3));
            }
        }
        for (float[] y : w.apply(x)) {
            assertThat((double) (y[0] * y[0] + y[1] * y[1] + y[2] * y[2]))
                    .isCloseTo(1, within(1e-5));
        }
    }

    @Test
    void aDirectionTheFeaturesDoNotSpanIsLeftOutNotAmplified() {
        // features in a plane of 3-d space, as a memory of n images spans n − 1 of the
        // projector's 128 directions: an image a little off the plane whitens to where its part
        // in the plane points (at the eigenvalue floor, 10⁻⁵ of the largest, the 0.01 off the
        // plane became 3.2 against 1 in it)
        Random random = new Random(3);
        float[][] x = new float[2000][3];
        for (float[] row : x) {
            row[0] = (float) random.nextGaussian();
            row[1] = (float) random.nextGaussian();
        }
        Whitening w = new Whitening("w", 3, 3, 0);
        w.fit(x);
        float[][] y = w.apply(new float[][] {{1, 0, 0}, {1, 0, 0.01f}});
        for (int d = 0; d < 3; d++) {
            assertThat((double) y[1][d]).isCloseTo(y[0][d], within(1e-3));
        }
        assertThat((double) y[1][2]).isCloseTo(0, within(1e-6));
    }

    @Test
    void whitenedCoordinatesDoNotJumpBetweenRefitsOfTheSameDistribution() {
        // two directions of equal variance: the eigenvectors of two samples' covariances point
        // anywhere in their plane, and PCA coordinates rotate with them; the centroids kept
        // across refits need coordinates that depend on the distribution only
        Random random = new Random(9);
        Whitening w = new Whitening("w", 3, 3, 0);
        float[][] probe = {{1, 2, -1}, {-3, 0.5f, 2}};
        float[][] before = null;
        for (int fit = 0; fit < 4; fit++) {
            float[][] x = new float[20000][3];
            for (float[] row : x) {
                row[0] = (float) (3 * random.nextGaussian());
                row[1] = (float) random.nextGaussian();
                row[2] = (float) random.nextGaussian();
            }
            w.observe(x);
            w.refit();
            float[][] now = w.apply(probe);
            if (before != null) {
                for (int i = 0; i < probe.length; i++) {
                    for (int d = 0; d < 3; d++) {
                        assertThat((double) now[i][d]).isCloseTo(before[i][d], within(0.05));
                    }
                }
            }
            before = now;
        }
    }

    @Test
    void assignersGiveNearestCentroidsHierarchicalIdsAndHeadArgmax() {
        Map<String, TensorData> snapshot = new LinkedHashMap<>();
        snapshot.put("assign/mean", new TensorData(new long[] {2}, new float[] {0, 0}));
        snapshot.put(
                "assign/projection", new TensorData(new long[] {2, 2}, new float[] {1, 0, 0, 1}));
        snapshot.put(
                "assign/centroids", new TensorData(new long[] {2, 2}, new float[] {1, 0, 0, 1}));
        ClusterAssigner flat = ClusterAssigner.from(new NamedTensors(snapshot));
        assertThat(flat.assign(new float[][] {{3, 1}, {0.2f, 2}})).containsExactly(0, 1);

        // two sub-clusters per super-cluster: id = super · 2 + sub
        snapshot.put(
                "assign/sub-centroids",
                new TensorData(
                        new long[] {4, 2},
                        new float[] {0.9f, 0.44f, 0.9f, -0.44f, 0.44f, 0.9f, -0.44f, 0.9f}));
        ClusterAssigner twoLevels = ClusterAssigner.from(new NamedTensors(snapshot));
        assertThat(twoLevels.assign(new float[][] {{3, -1}, {-0.3f, 2}})).containsExactly(1, 3);

        Map<String, TensorData> head = new LinkedHashMap<>();
        head.put(
                "assign/head-weight",
                new TensorData(new long[] {3, 2}, new float[] {1, 0, 0, 1, -1, -1}));
        head.put("assign/head-bias", new TensorData(new long[] {3}, new float[] {0, 0, 0.5f}));
        ClusterAssigner classifier = ClusterAssigner.from(new NamedTensors(head));
        assertThat(classifier.assign(new float[][] {{2, 1}, {0, 3}, {-1, -1}}))
                .containsExactly(0, 1, 2);
        assertThat(ClusterAssigner.from(NamedTensors.empty())).isNull();
    }

    private static float[][] slice(float[][] x, int from, int to) {
        float[][] out = new float[to - from][];
        System.arraycopy(x, from, out, 0, to - from);
        return out;
    }
}
