package dev.streamssl.eval;

/**
 * Weighted k-nearest-neighbour classification on L2-normalised embeddings, the protocol of Wu et
 * al. ("Unsupervised Feature Learning via Non-Parametric Instance Discrimination", CVPR 2018) used
 * by DINO's {@code eval_knn.py}: the k training vectors with the highest cosine similarity s_i vote
 * for their labels with weight exp(s_i / T); the class with the largest total wins. Defaults k =
 * 20, T = 0.07; DINO also reports k = 200, T = 0.1. The neighbours come from {@link CosineTopK}
 * (blocked matrix products).
 */
public final class KnnClassifier {
    private final NeighbourSearch index;
    private final int[] labels;
    private final int classes;

    public KnnClassifier(float[][] bankVectors, int[] bankLabels) {
        this(check(bankVectors, bankLabels), bankLabels);
    }

    /** A classifier over a bank already indexed by {@code index} (same order as the labels). */
    public KnnClassifier(NeighbourSearch index, int[] bankLabels) {
        int max = 0;
        for (int label : bankLabels) {
            max = Math.max(max, label);
        }
        this.index = index;
        this.labels = bankLabels.clone();
        this.classes = max + 1;
    }

    private static CosineTopK check(float[][] bankVectors, int[] bankLabels) {
        if (bankVectors.length != bankLabels.length || bankVectors.length == 0) {
            throw new IllegalArgumentException(
                    "kNN needs a non-empty bank with one label per vector, got "
                            + bankVectors.length
                            + " vectors and "
                            + bankLabels.length
                            + " labels");
        }
        return new CosineTopK(bankVectors);
    }

    /** The predicted class of every query. */
    public int[] predict(float[][] queries, int k, double temperature) {
        NeighbourSearch.Neighbours[] neighbours = index.search(queries, k);
        int[] predicted = new int[queries.length];
        double[] votes = new double[classes];
        for (int i = 0; i < queries.length; i++) {
            java.util.Arrays.fill(votes, 0);
            NeighbourSearch.Neighbours n = neighbours[i];
            for (int j = 0; j < n.index().length; j++) {
                votes[labels[n.index()[j]]] += Math.exp(n.similarity()[j] / temperature);
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }

    public int predict(float[] query, int k, double temperature) {
        return predict(new float[][] {query}, k, temperature)[0];
    }

    /** Top-1 accuracy on labelled queries. */
    public double accuracy(float[][] queries, int[] queryLabels, int k, double temperature) {
        if (queries.length == 0) {
            throw new IllegalArgumentException("no query vectors to evaluate");
        }
        int[] predicted = predict(queries, k, temperature);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == queryLabels[i]) {
                correct++;
            }
        }
        return (double) correct / queries.length;
    }
}
