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
 * ZZᵀ), found with cyclic Jacobi rotations in double precision: exact enough for a monitor, and on
 * the CPU in plain Java so that it never competes with the model for the device.
 */
public final class EffectiveRank {
    private static final double EPSILON = 1e-7;
    private static final int MAX_SWEEPS = 50;

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
        double[] eigen = symmetricEigenvalues(gram);
        double[] sigma = new double[m];
        for (int i = 0; i < m; i++) {
            sigma[i] = Math.sqrt(Math.max(eigen[i], 0));
        }
        return sigma;
    }

    /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations; {@code a} is overwritten. */
    static double[] symmetricEigenvalues(double[][] a) {
        int m = a.length;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diagonal = 0;
            for (int p = 0; p < m; p++) {
                diagonal += a[p][p] * a[p][p];
                for (int q = p + 1; q < m; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-22 * Math.max(diagonal, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < m; p++) {
                for (int q = p + 1; q < m; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, p, q);
                    }
                }
            }
        }
        double[] values = new double[m];
        for (int i = 0; i < m; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    /** One rotation in the (p, q) plane that zeroes a[p][q] (Golub and Van Loan, §8.5). */
    private static void rotate(double[][] a, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int m = a.length;
        for (int k = 0; k < m; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < m; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
    }
}
