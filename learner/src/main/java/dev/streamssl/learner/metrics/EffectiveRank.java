package dev.streamssl.learner.metrics;

/**
 * Effective rank of a batch of embeddings (RankMe; Garrido et al., "RankMe: Assessing the
 * Downstream Performance of Pretrained Self-Supervised Representations by Their Rank", ICML 2023,
 * after Roy and Vetterli 2007): with σ the singular values of the N×D embedding matrix Z and p_k =
 * σ_k / ‖σ‖₁ + ε,
 *
 * <pre>RankMe(Z) = exp(−Σ_k p_k log p_k)</pre>
 *
 * It is D for embeddings that use every dimension equally and 1 for a complete collapse; a falling
 * value is dimensional collapse that the per-dimension std does not show.
 *
 * <p>The singular values are the square roots of the eigenvalues of the smaller Gram matrix (ZᵀZ or
 * ZZᵀ), found by {@link SymmetricEigen}.
 */
public final class EffectiveRank {
    private static final double EPSILON = 1e-7;

    private EffectiveRank() {}

    /**
     * @param z rows are embeddings, all of the same length
     */
    public static double of(float[][] z) {
        if (z.length == 0) {
            return Double.NaN;
        }
        double[] sigma = singularValues(z);
        double sum = 0;
        for (double s : sigma) {
            sum += s;
        }
        if (sum == 0) {
            return Double.NaN;
        }
        double entropy = 0;
        for (double s : sigma) {
            double p = s / sum + EPSILON;
            entropy -= p * Math.log(p);
        }
        return Math.exp(entropy);
    }

    static double[] singularValues(float[][] z) {
        int n = z.length;
        int d = z[0].length;
        boolean rows = n <= d; // ZZᵀ (n×n) when there are fewer rows than dimensions
        int m = rows ? n : d;
        double[][] gram = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double dot = 0;
                if (rows) {
                    for (int k = 0; k < d; k++) {
                        dot += (double) z[i][k] * z[j][k];
                    }
                } else {
                    for (int k = 0; k < n; k++) {
                        dot += (double) z[k][i] * z[k][j];
                    }
                }
                gram[i][j] = dot;
                gram[j][i] = dot;
            }
        }
        double[] eigen = SymmetricEigen.values(gram);
        double[] sigma = new double[m];
        for (int i = 0; i < m; i++) {
            sigma[i] = Math.sqrt(Math.max(eigen[i], 0));
        }
        return sigma;
    }
}
