package dev.streamssl.tools.eval;

/**
 * Weighted k-nearest-neighbour classification on L2-normalised embeddings, the protocol of Wu et
 * al. ("Unsupervised Feature Learning via Non-Parametric Instance Discrimination", CVPR 2018) used
 * by DINO's {@code eval_knn.py}: the k training vectors with the highest cosine similarity s_i vote
 * for their labels with weight exp(s_i / T); the class with the largest total wins. Defaults k =
 * 20, T = 0.07; DINO also reports k = 200, T = 0.1.
 */
public final class KnnClassifier {
    private final float[][] bank;
    private final int[] labels;
    private final int classes;

    public KnnClassifier(float[][] bankVectors, int[] bankLabels) {
        if (bankVectors.length != bankLabels.length || bankVectors.length == 0) {
            throw new IllegalArgumentException(
                    "kNN needs a non-empty bank with one label per vector, got "
                            + bankVectors.length
                            + " vectors and "
                            + bankLabels.length
                            + " labels");
        }
        this.bank = new float[bankVectors.length][];
        int max = 0;
        for (int i = 0; i < bankVectors.length; i++) {
            bank[i] = normalized(bankVectors[i]);
            max = Math.max(max, bankLabels[i]);
        }
        this.labels = bankLabels.clone();
        this.classes = max + 1;
    }

    static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    public int predict(float[] query, int k, double temperature) {
        float[] q = normalized(query);
        int kk = Math.min(k, bank.length);
        // indices of the kk largest similarities, kept sorted descending (insertion; k is small)
        int[] top = new int[kk];
        float[] topSim = new float[kk];
        java.util.Arrays.fill(topSim, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < bank.length; i++) {
            float s = dot(q, bank[i]);
            if (s > topSim[kk - 1]) {
                int j = kk - 1;
                while (j > 0 && topSim[j - 1] < s) {
                    topSim[j] = topSim[j - 1];
                    top[j] = top[j - 1];
                    j--;
                }
                topSim[j] = s;
                top[j] = i;
            }
        }
        double[] votes = new double[classes];
        for (int j = 0; j < kk; j++) {
            votes[labels[top[j]]] += Math.exp(topSim[j] / temperature);
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (votes[c] > votes[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Top-1 accuracy on labelled queries. */
    public double accuracy(float[][] queries, int[] queryLabels, int k, double temperature) {
        if (queries.length == 0) {
            throw new IllegalArgumentException("no query vectors to evaluate");
        }
        long correct =
                java.util.stream.IntStream.range(0, queries.length)
                        .parallel()
                        .filter(i -> predict(queries[i], k, temperature) == queryLabels[i])
                        .count();
        return (double) correct / queries.length;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
