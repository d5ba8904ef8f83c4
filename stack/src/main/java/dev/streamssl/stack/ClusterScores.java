package dev.streamssl.stack;

import dev.streamssl.consumers.eval.ClusterQuality;
import dev.streamssl.schemas.EmbeddingRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * How one model version's clusters match the labels: the normalised mutual information of cluster
 * and label, and the entropy of the cluster sizes in bits (log2 K when balanced, 0 when collapsed
 * into one), over the labelled embeddings that carry a cluster.
 */
record ClusterScores(double nmi, double entropyBits, int images) {
    /** The scores of one method's model version, or null when its embeddings carry no cluster. */
    static ClusterScores of(List<EmbeddingRecord> eval, String method, long modelVersion) {
        List<int[]> pairs = new ArrayList<>();
        for (EmbeddingRecord e : eval) {
            if (e.getModelVersion() == modelVersion
                    && method.equals(e.getMethod())
                    && e.getCluster() != null
                    && e.getLabel() != null) {
                pairs.add(new int[] {e.getCluster(), e.getLabel()});
            }
        }
        if (pairs.isEmpty()) {
            return null;
        }
        int[] clusters = new int[pairs.size()];
        int[] labels = new int[pairs.size()];
        for (int i = 0; i < clusters.length; i++) {
            clusters[i] = pairs.get(i)[0];
            labels[i] = pairs.get(i)[1];
        }
        return new ClusterScores(
                ClusterQuality.nmi(clusters, labels),
                ClusterQuality.entropyBits(clusters),
                clusters.length);
    }
}
