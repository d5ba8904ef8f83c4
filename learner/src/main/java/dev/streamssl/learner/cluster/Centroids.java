package dev.streamssl.learner.cluster;

import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.StateComponent;
import dev.streamssl.learner.state.TensorData;
import java.util.Map;

/**
 * k cluster centroids with a weight each, moved batch by batch by mini-batch k-means with a decay
 * (Sculley 2010; the update of Flink ML's {@code OnlineKMeans}):
 *
 * <pre>
 *   w_k ← decay · w_k + m_k          c_k ← (decay · w_k_old · c_k + Σ_{i ∈ k} x_i) / w_k
 * </pre>
 *
 * where m_k is the number of the batch's points nearest to c_k. A cluster that got no point in this
 * batch and whose weight has decayed below one point is empty: it is refilled from a non-empty one
 * ({@link EmptyClusters}) and the donor's points of the batch are shared between the two by
 * nearness. The centroids are reset by a full k-means of the feature memory when the clustering is
 * redone. Weights are kept at float precision, the precision they are saved at.
 */
public final class Centroids implements StateComponent {
    private final String name;
    private final int k;
    private final int dim;
    private final double decay;
    private float[][] centroids;
    private double[] weights;

    public Centroids(String name, int k, int dim, double decay) {
        if (k < 1 || dim < 1) {
            throw new IllegalArgumentException("need k and dimension >= 1, got " + k + ", " + dim);
        }
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1], got " + decay);
        }
        this.name = name;
        this.k = k;
        this.dim = dim;
        this.decay = decay;
        this.centroids = new float[k][dim];
        this.weights = new double[k];
    }

    public int k() {
        return k;
    }

    public float[][] centroids() {
        float[][] out = new float[k][];
        for (int c = 0; c < k; c++) {
            out[c] = centroids[c].clone();
        }
        return out;
    }

    public double[] weights() {
        return weights.clone();
    }

    /** Replaces the centroids and weights (after a full k-means). */
    public void reset(float[][] newCentroids, double[] newWeights) {
        if (newCentroids.length != k || newWeights.length != k) {
            throw new IllegalArgumentException(
                    "expected " + k + " centroids, got " + newCentroids.length);
        }
        this.centroids = new float[k][];
        for (int c = 0; c < k; c++) {
            centroids[c] = newCentroids[c].clone();
        }
        this.weights = new double[k];
        for (int c = 0; c < k; c++) {
            weights[c] = (float) newWeights[c];
        }
    }

    /** The nearest centroid of every point. */
    public int[] assign(float[][] z) {
        int[] labels = new int[z.length];
        for (int i = 0; i < z.length; i++) {
            labels[i] = Matrices.nearest(z[i], centroids);
        }
        return labels;
    }

    /**
     * One mini-batch step: assigns the points, refills empty clusters, moves the centroids.
     *
     * @return the cluster of every point after the refill
     */
    public int[] update(float[][] z, StreamRandom random) {
        int[] labels = assign(z);
        double[] batchCounts = new double[k];
        for (int label : labels) {
            batchCounts[label]++;
        }
        // empty: no point now and less than one point's weight left from the past
        double[] sizes = new double[k];
        for (int c = 0; c < k; c++) {
            sizes[c] = batchCounts[c] > 0 ? weights[c] + batchCounts[c] : weights[c];
        }
        int[] donorOf = EmptyClusters.split(centroids, sizes, 1, random);
        for (int c = 0; c < k; c++) {
            if (donorOf[c] >= 0) {
                int donor = donorOf[c];
                weights[c] = weights[donor] / 2;
                weights[donor] -= weights[c];
                for (int i = 0; i < z.length; i++) {
                    if (labels[i] == donor
                            && Matrices.squaredDistance(z[i], centroids[c])
                                    < Matrices.squaredDistance(z[i], centroids[donor])) {
                        labels[i] = c;
                    }
                }
            }
        }
        double[][] sums = new double[k][dim];
        double[] counts = new double[k];
        for (int i = 0; i < z.length; i++) {
            counts[labels[i]]++;
            for (int d = 0; d < dim; d++) {
                sums[labels[i]][d] += z[i][d];
            }
        }
        for (int c = 0; c < k; c++) {
            double old = decay * weights[c];
            double total = old + counts[c];
            if (counts[c] > 0) {
                for (int d = 0; d < dim; d++) {
                    centroids[c][d] = (float) ((old * centroids[c][d] + sums[c][d]) / total);
                }
            }
            // float precision, as saved, so that a restored learner continues bit for bit
            weights[c] = (float) total;
        }
        return labels;
    }

    /** The centroids as a tensor ({@code prefix/centroids}), for the embedders. */
    public void exportCentroids(String prefix, Map<String, TensorData> out) {
        out.put(
                prefix + "/centroids",
                new TensorData(new long[] {k, dim}, Matrices.flatten(centroids)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void save(Map<String, TensorData> out) {
        exportCentroids(name, out);
        float[] w = new float[k];
        for (int c = 0; c < k; c++) {
            w[c] = (float) weights[c];
        }
        out.put(name + "/weights", new TensorData(new long[] {k}, w));
    }

    @Override
    public void restore(NamedTensors saved) {
        TensorData c = saved.require(name + "/centroids");
        if (c.shape()[0] != k || c.shape()[1] != dim) {
            throw new IllegalArgumentException(
                    "saved "
                            + name
                            + " has "
                            + c.shape()[0]
                            + " × "
                            + c.shape()[1]
                            + " centroids, configured "
                            + k
                            + " × "
                            + dim);
        }
        centroids = Matrices.unflatten(c.values(), k, dim);
        float[] w = saved.require(name + "/weights").values();
        weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = w[i];
        }
    }
}
