package dev.streamssl.learner.metrics;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations (Golub and Van
 * Loan, §8.5), in double precision on the JVM: exact to rounding, and on the CPU so that it never
 * competes with the model for the device. Used for the effective rank of embeddings and for the PCA
 * whitening of DeepCluster's features (matrices of a few hundred rows).
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 50;

    /**
     * @param values eigenvalues, largest first
     * @param vectors {@code vectors[i]} is the unit eigenvector of {@code values[i]}
     */
    public record Result(double[] values, double[][] vectors) {}

    private SymmetricEigen() {}

    /** Eigenvalues and eigenvectors of {@code a}, which is not changed. */
    public static Result of(double[][] a) {
        int m = a.length;
        double[][] work = new double[m][];
        double[][] v = new double[m][m];
        for (int i = 0; i < m; i++) {
            work[i] = a[i].clone();
            v[i][i] = 1;
        }
        diagonalise(work, v);
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(work[y][y], work[x][x]));
        double[] values = new double[m];
        double[][] vectors = new double[m][m];
        for (int i = 0; i < m; i++) {
            int j = order[i];
            values[i] = work[j][j];
            for (int k = 0; k < m; k++) {
                vectors[i][k] = v[k][j]; // column j of V
            }
        }
        return new Result(values, vectors);
    }

    /** Eigenvalues only, in no particular order; {@code a} is overwritten. */
    public static double[] values(double[][] a) {
        diagonalise(a, null);
        double[] values = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    /** Rotates {@code a} to diagonal form, accumulating the rotations in {@code v} if given. */
    private static void diagonalise(double[][] a, double[][] v) {
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
                return;
            }
            for (int p = 0; p < m; p++) {
                for (int q = p + 1; q < m; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
    }

    /** One rotation in the (p, q) plane that zeroes a[p][q]; V ← V·J. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
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
        if (v != null) {
            for (int k = 0; k < m; k++) {
                double vkp = v[k][p];
                double vkq = v[k][q];
                v[k][p] = c * vkp - s * vkq;
                v[k][q] = s * vkp + c * vkq;
            }
        }
    }
}
