package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.cluster.ClusterAssigner;
import dev.streamssl.learner.state.TensorData;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusteringMethodsTest {

    @Test
    void theSuperClassEncodesRotationAndSuperCluster() {
        // 4 · super-cluster + rotation: the official DeeperCluster labelling
        assertThat(DeeperCluster.superClass(0, 0)).isEqualTo(0);
        assertThat(DeeperCluster.superClass(0, 3)).isEqualTo(3);
        assertThat(DeeperCluster.superClass(2, 1)).isEqualTo(9);
        for (int c = 0; c < 5; c++) {
            for (int r = 0; r < 4; r++) {
                int s = DeeperCluster.superClass(c, r);
                assertThat(s / 4).isEqualTo(c);
                assertThat(s % 4).isEqualTo(r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepcluster", "deepercluster", "selflabel"})
    void snapshotsAssignClustersAndStepsReportTheirEntropy(String name) {
        int clusters =
                switch (name) {
                    case "deepercluster" -> 6; // 2 super-clusters × 3
                    case "selflabel" -> 8;
                    default -> 6;
                };
        try (SslMethod method = Methods.create(MethodFixtures.settings(name));
                EvaluationNetwork network =
                        new EvaluationNetwork(
                                MethodFixtures.settings(name).architecture(),
                                1,
                                16,
                                MethodFixtures.MEAN,
                                MethodFixtures.STD,
                                ai.djl.Device.cpu())) {
            TrainStepResult r = null;
            for (int i = 0; i < 3; i++) {
                r = method.trainStep(TestImages.squares(16, 1, 16, i));
            }
            // entropy of the batch's cluster sizes, in bits: −Σ (c/16) log2(c/16) over the sizes
            // c of some split of the 16 images into at most k clusters (computed here for every
            // such split: an entropy in nats, or over another count, is none of them)
            double reported = r.indicators().clusterEntropy();
            assertThat(splitEntropies(16, clusters))
                    .as("entropy %s of some split of 16 into <= %d clusters", reported, clusters)
                    .anyMatch(h -> Math.abs(h - reported) < 1e-9);
            assertThat(method.evaluationWeights().asMap().keySet())
                    .anyMatch(k -> k.startsWith(ClusterAssigner.PREFIX + "/"));
            network.load(method.evaluationWeights());
            ImageBatch images = TestImages.squares(16, 1, 16, 7);
            int[] assigned = network.clusters(network.embed(images));
            assertThat(assigned).hasSize(16);
            for (int c : assigned) {
                assertThat(c).isBetween(0, clusters - 1);
            }
            // the embedder's clusters are the ones the method's clustering gives these images:
            // assigned from the projected features the method clusters, not from h
            int[] expected =
                    ClusterAssigner.from(method.evaluationWeights())
                            .assign(((ClusteringMethod) method).clusteringFeatures(images));
            assertThat(assigned).containsExactly(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepcluster", "deepercluster", "selflabel"})
    void labelsComeFromTheNetworkFrozenAtTheLastRelabelling(String name) {
        // the fixtures relabel every 2 steps: at steps 0 and 2 the labelling copy is renewed; in
        // between it stays what it was while the trained encoder moves on (the paper's labels,
        // fixed for an epoch)
        try (SslMethod method = Methods.create(MethodFixtures.settings(name))) {
            Map<String, TensorData> initial = network(method, "encoder");
            method.trainStep(TestImages.squares(16, 1, 16, 0));
            method.trainStep(TestImages.squares(16, 1, 16, 1));
            Map<String, TensorData> afterTwo = network(method, "encoder");
            assertThat(afterTwo).isNotEqualTo(initial);
            assertThat(network(method, "labeler-encoder")).isEqualTo(initial);
            method.trainStep(TestImages.squares(16, 1, 16, 2));
            assertThat(network(method, "labeler-encoder")).isEqualTo(afterTwo);
            assertThat(network(method, "encoder")).isNotEqualTo(afterTwo);
        }
    }

    /** One network's tensors in the method's state, named without the network's prefix. */
    private static Map<String, TensorData> network(SslMethod method, String name) {
        Map<String, TensorData> out = new TreeMap<>();
        for (Map.Entry<String, TensorData> e : method.saveState().networks().asMap().entrySet()) {
            if (e.getKey().startsWith(name + "/")) {
                out.put(e.getKey().substring(name.length()), e.getValue());
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    @Test
    void nonClusteringMethodsHaveNoClusters() {
        try (SslMethod method = Methods.create(MethodFixtures.settings("simclr"));
                EvaluationNetwork network =
                        new EvaluationNetwork(
                                MethodFixtures.settings("simclr").architecture(),
                                1,
                                16,
                                MethodFixtures.MEAN,
                                MethodFixtures.STD,
                                ai.djl.Device.cpu())) {
            network.load(method.evaluationWeights());
            assertThat(network.clusters(network.embed(TestImages.squares(4, 1, 16, 1)))).isNull();
        }
    }

    /** Entropies in bits of every split of n images into at most k non-empty clusters. */
    static java.util.Set<Double> splitEntropies(int n, int k) {
        java.util.Set<Double> out = new java.util.HashSet<>();
        splits(n, n, k, new java.util.ArrayList<>(), n, out);
        return out;
    }

    private static void splits(
            int left,
            int max,
            int parts,
            java.util.List<Integer> sizes,
            int n,
            java.util.Set<Double> out) {
        if (left == 0) {
            double h = 0;
            for (int c : sizes) {
                h -= (double) c / n * Math.log((double) c / n) / Math.log(2);
            }
            out.add(h);
            return;
        }
        if (parts == 0) {
            return;
        }
        for (int c = Math.min(left, max); c >= 1; c--) {
            sizes.add(c);
            splits(left - c, c, parts - 1, sizes, n, out);
            sizes.remove(sizes.size() - 1);
        }
    }
}
