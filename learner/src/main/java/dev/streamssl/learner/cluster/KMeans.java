package dev.streamssl.learner.cluster;

import dev.streamssl.learner.random.StreamRandom;

/**
 * Lloyd's k-means as DeepCluster runs it with faiss: k distinct random points as the initial
 * centroids, a fixed number of assignment and mean steps (20 in the official code), empty clusters
 * refilled after each mean step ({@link EmptyClusters}), a final assignment. The random draws come
 * from the learner's generator, so a restored learner clusters identically.
 */
public final class KMeans {
    /** Centroids, the final assignment of every point, and the cluster sizes. */
    public record Result(float[][] centroids, int[] labels, double[] sizes) {}

    private KMeans() {}

    public static Result fit(float[][] x, int k, int iterations, StreamRandom random) {
        if (x.length == 0 || k < 1) {
            throw new IllegalArgumentException(
                    "k-means needs points and k >= 1, got " + x.length + " points, k = " + k);
        }
        int dim = x[0].length;
        float[][] centroids = new float[k][];
        int[] order = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        for (int c = 0; c < k; c++) {
            // distinct points while there are enough; with fewer points than k, repeats split later
            int pick = c < x.length ? c + random.nextInt(x.length - c) : random.nextInt(x.length);
            if (c < x.length) {
                int t = order[c];
                order[c] = order[pick];
                order[pick] = t;
                pick = c;
            }
            centroids[c] = x[order[pick]].clone();
        }
        int[] labels = new int[x.length];
        double[] sizes = new double[k];
        for (int it = 0; it < iterations; it++) {
            assign(x, centroids, labels, sizes);
            double[][] sums = new double[k][dim];
            for (int i = 0; i < x.length; i++) {
                double[] s = sums[labels[i]];
                for (int d = 0; d < dim; d++) {
                    s[d] += x[i][d];
                }
            }
            for (int c = 0; c < k; c++) {
                if (sizes[c] > 0) {
                    for (int d = 0; d < dim; d++) {
                        centroids[c][d] = (float) (sums[c][d] / sizes[c]);
                    }
                }
            }
            EmptyClusters.split(centroids, sizes, 1, random);
        }
        assign(x, centroids, labels, sizes);
        return new Result(centroids, labels, sizes);
    }

    private static void assign(float[][] x, float[][] centroids, int[] labels, double[] sizes) {
        java.util.Arrays.fill(sizes, 0);
        for (int i = 0; i < x.length; i++) {
            labels[i] = Matrices.nearest(x[i], centroids);
            sizes[labels[i]]++;
        }
    }
}
