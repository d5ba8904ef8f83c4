package dev.streamssl.learner.cluster;

import dev.streamssl.learner.random.StreamRandom;

/**
 * Lloyd's k-means as DeepCluster runs it with faiss: a fixed number of assignment and mean steps
 * (20 in the official code), empty clusters refilled after each mean step ({@link EmptyClusters}),
 * a final assignment. One departure: faiss starts from k random points, which at DeepCluster's
 * scale (k = 10 000 over a million images) is fine, but with the tens of clusters of a small stream
 * often leaves two centroids in one group and one between two; k-means++ seeding avoids that. The
 * random draws come from the learner's generator, so a restored learner clusters identically.
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
        float[][] centroids = seeds(x, k, random);
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

    /**
     * k-means++ seeding (Arthur and Vassilvitskii 2007): the first centre uniformly, each next one
     * with probability proportional to its squared distance from the nearest centre so far. With
     * fewer points than k, the extra centres repeat points and are split apart as empty clusters.
     */
    private static float[][] seeds(float[][] x, int k, StreamRandom random) {
        float[][] centroids = new float[k][];
        double[] nearest = new double[x.length];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        centroids[0] = x[random.nextInt(x.length)].clone();
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                nearest[i] = Math.min(nearest[i], Matrices.squaredDistance(x[i], centroids[c - 1]));
                total += nearest[i];
            }
            int pick = x.length - 1;
            if (total > 0) {
                double u = random.nextDouble() * total;
                for (int i = 0; i < x.length; i++) {
                    u -= nearest[i];
                    if (u < 0) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = random.nextInt(x.length);
            }
            centroids[c] = x[pick].clone();
        }
        return centroids;
    }

    private static void assign(float[][] x, float[][] centroids, int[] labels, double[] sizes) {
        java.util.Arrays.fill(sizes, 0);
        for (int i = 0; i < x.length; i++) {
            labels[i] = Matrices.nearest(x[i], centroids);
            sizes[labels[i]]++;
        }
    }
}
