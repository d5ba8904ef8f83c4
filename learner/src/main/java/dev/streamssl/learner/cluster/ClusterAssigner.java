package dev.streamssl.learner.cluster;

import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;

/**
 * Gives every embedding the cluster of the model version that produced it, from what that version's
 * snapshot carries under {@code assign/}: DeepCluster's whitening and centroids in the space of the
 * snapshot's network ({@link SnapshotClusters}; nearest centroid of the whitened, normalised
 * features), DeeperCluster's two levels (nearest super-cluster, then nearest of its sub-clusters;
 * id = super × sub-count + sub), or Self-Label's first head (argmax of its logits).
 */
public interface ClusterAssigner {
    String PREFIX = "assign";

    /** The cluster of each representation h (rows). */
    int[] assign(float[][] h);

    /** The assigner a snapshot describes, or null when it has none (non-clustering methods). */
    static ClusterAssigner from(NamedTensors snapshot) {
        TensorData headWeight = snapshot.get(PREFIX + "/head-weight");
        if (headWeight != null) {
            TensorData bias = snapshot.require(PREFIX + "/head-bias");
            int k = (int) headWeight.shape()[0];
            int d = (int) headWeight.shape()[1];
            float[][] w = Matrices.unflatten(headWeight.values(), k, d);
            float[] b = bias.values();
            return h -> {
                int[] out = new int[h.length];
                for (int i = 0; i < h.length; i++) {
                    int best = 0;
                    double bestLogit = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        double logit = b[c];
                        for (int j = 0; j < d; j++) {
                            logit += w[c][j] * h[i][j];
                        }
                        if (logit > bestLogit) {
                            bestLogit = logit;
                            best = c;
                        }
                    }
                    out[i] = best;
                }
                return out;
            };
        }
        TensorData centroids = snapshot.get(PREFIX + "/centroids");
        if (centroids == null) {
            return null;
        }
        float[] mean = snapshot.require(PREFIX + "/mean").values();
        TensorData p = snapshot.require(PREFIX + "/projection");
        float[][] projection =
                Matrices.unflatten(p.values(), (int) p.shape()[0], (int) p.shape()[1]);
        float[][] top =
                Matrices.unflatten(
                        centroids.values(), (int) centroids.shape()[0], (int) centroids.shape()[1]);
        TensorData sub = snapshot.get(PREFIX + "/sub-centroids");
        float[][] second =
                sub == null
                        ? null
                        : Matrices.unflatten(
                                sub.values(), (int) sub.shape()[0], (int) sub.shape()[1]);
        return h -> {
            float[][] z = Whitening.apply(h, mean, projection);
            int[] out = new int[z.length];
            for (int i = 0; i < z.length; i++) {
                int c = Matrices.nearest(z[i], top);
                if (second != null) {
                    int perSuper = second.length / top.length;
                    float[][] own = new float[perSuper][];
                    System.arraycopy(second, c * perSuper, own, 0, perSuper);
                    c = c * perSuper + Matrices.nearest(z[i], own);
                }
                out[i] = c;
            }
            return out;
        };
    }
}
