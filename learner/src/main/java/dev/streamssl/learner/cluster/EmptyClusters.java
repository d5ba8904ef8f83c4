package dev.streamssl.learner.cluster;

import dev.streamssl.learner.random.StreamRandom;

/**
 * The fix for empty clusters that DeepCluster's k-means (faiss) applies, which its paper describes
 * in §3.3 ("Avoiding trivial solutions"): an empty cluster ci takes the centroid of a non-empty
 * cluster cj, chosen with probability growing with its size, and the two are pushed apart by a
 * small symmetric perturbation,
 *
 * <pre>
 *   c_i[d] = c_j[d] · (1 + ε),   c_j[d] ← c_j[d] · (1 − ε)    for even d   (signs swapped for odd d)
 * </pre>
 *
 * with ε = 1/1024; cj's size is split between the two, whose points then go to the nearer one.
 */
final class EmptyClusters {
    static final float EPSILON = 1f / 1024;

    private EmptyClusters() {}

    /**
     * Refills every cluster whose {@code sizes} entry is below {@code emptyBelow}.
     *
     * @return for each cluster, the donor it was split from, or −1
     */
    static int[] split(
            float[][] centroids, double[] sizes, double emptyBelow, StreamRandom random) {
        int k = centroids.length;
        int[] donorOf = new int[k];
        java.util.Arrays.fill(donorOf, -1);
        for (int ci = 0; ci < k; ci++) {
            if (sizes[ci] >= emptyBelow) {
                continue;
            }
            int cj = donor(sizes, emptyBelow, random);
            if (cj < 0) {
                return donorOf; // nothing to split: every cluster is empty
            }
            float[] source = centroids[cj];
            float[] copy = new float[source.length];
            for (int d = 0; d < source.length; d++) {
                float up = d % 2 == 0 ? 1 + EPSILON : 1 - EPSILON;
                float down = d % 2 == 0 ? 1 - EPSILON : 1 + EPSILON;
                copy[d] = source[d] * up;
                source[d] *= down;
            }
            centroids[ci] = copy;
            sizes[ci] = sizes[cj] / 2;
            sizes[cj] -= sizes[ci];
            donorOf[ci] = cj;
        }
        return donorOf;
    }

    /** A non-empty cluster drawn with probability proportional to its size. */
    private static int donor(double[] sizes, double emptyBelow, StreamRandom random) {
        double total = 0;
        for (double s : sizes) {
            if (s >= emptyBelow) {
                total += s;
            }
        }
        if (total <= 0) {
            return -1;
        }
        double u = random.nextDouble() * total;
        int last = -1;
        for (int j = 0; j < sizes.length; j++) {
            if (sizes[j] >= emptyBelow) {
                last = j;
                u -= sizes[j];
                if (u < 0) {
                    return j;
                }
            }
        }
        return last;
    }
}
