package dev.streamssl.consumers.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * How well clusters match labels, and how evenly they are used.
 *
 * <ul>
 *   <li>{@link #nmi}: normalised mutual information NMI(C, Y) = 2·I(C; Y) / (H(C) + H(Y)) (the
 *       arithmetic normalisation, scikit-learn's default), 1 when clusters and labels are the same
 *       partition, 0 when independent; the clustering methods' papers report it against ImageNet's
 *       classes.
 *   <li>{@link #entropyBits}: entropy of the cluster sizes in bits, log₂ k when k clusters are used
 *       equally, 0 when everything falls into one: a collapse shows here first.
 * </ul>
 */
public final class ClusterQuality {
    private ClusterQuality() {}

    public static double nmi(int[] clusters, int[] labels) {
        if (clusters.length != labels.length || clusters.length == 0) {
            throw new IllegalArgumentException(
                    "NMI needs one label per cluster id, got "
                            + clusters.length
                            + " and "
                            + labels.length);
        }
        int n = clusters.length;
        Map<Long, Integer> joint = new HashMap<>();
        Map<Integer, Integer> c = new HashMap<>();
        Map<Integer, Integer> y = new HashMap<>();
        for (int i = 0; i < n; i++) {
            joint.merge(((long) clusters[i] << 32) | (labels[i] & 0xFFFFFFFFL), 1, Integer::sum);
            c.merge(clusters[i], 1, Integer::sum);
            y.merge(labels[i], 1, Integer::sum);
        }
        double mutual = 0;
        for (Map.Entry<Long, Integer> e : joint.entrySet()) {
            int ci = (int) (e.getKey() >> 32);
            int yi = (int) (long) e.getKey();
            double pxy = (double) e.getValue() / n;
            double px = (double) c.get(ci) / n;
            double py = (double) y.get(yi) / n;
            mutual += pxy * Math.log(pxy / (px * py));
        }
        double hc = entropy(c, n);
        double hy = entropy(y, n);
        if (hc + hy == 0) {
            return 1; // one cluster and one label: the same partition
        }
        return 2 * mutual / (hc + hy);
    }

    public static double entropyBits(int[] clusters) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int cluster : clusters) {
            counts.merge(cluster, 1, Integer::sum);
        }
        return entropy(counts, clusters.length) / Math.log(2);
    }

    private static double entropy(Map<Integer, Integer> counts, int n) {
        double h = 0;
        for (int count : counts.values()) {
            double p = (double) count / n;
            h -= p * Math.log(p);
        }
        return h;
    }
}
