package dev.streamssl.consumers.report;

import java.util.SplittableRandom;

/**
 * The first two principal components of a set of vectors, by power iteration with deflation on the
 * covariance matrix (D × D): enough for a 2-D picture of a few thousand embeddings of a few hundred
 * dimensions, without a linear-algebra library.
 */
final class Pca {
    private Pca() {}

    /** Each vector's coordinates on the first two principal axes. */
    static double[][] project2d(float[][] vectors) {
        int n = vectors.length;
        int d = vectors[0].length;
        double[] mean = new double[d];
        for (float[] v : vectors) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[j] / (double) n;
            }
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (float[] v : vectors) {
            for (int j = 0; j < d; j++) {
                c[j] = v[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] += c[a] * c[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double[] first = leadingEigenvector(cov, 1);
        double lambda = rayleigh(cov, first);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                cov[a][b] -= lambda * first[a] * first[b];
            }
        }
        double[] second = leadingEigenvector(cov, 2);
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double x = vectors[i][j] - mean[j];
                out[i][0] += x * first[j];
                out[i][1] += x * second[j];
            }
        }
        return out;
    }

    private static double[] leadingEigenvector(double[][] m, long seed) {
        int d = m.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = random.nextDouble() - 0.5;
        }
        normalise(v);
        for (int it = 0; it < 300; it++) {
            double[] next = new double[d];
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b < d; b++) {
                    s += m[a][b] * v[b];
                }
                next[a] = s;
            }
            if (normalise(next) == 0) {
                return v;
            }
            v = next;
        }
        return v;
    }

    private static double rayleigh(double[][] m, double[] v) {
        double s = 0;
        for (int a = 0; a < m.length; a++) {
            for (int b = 0; b < m.length; b++) {
                s += v[a] * m[a][b] * v[b];
            }
        }
        return s;
    }

    private static double normalise(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
        }
        return norm;
    }
}
