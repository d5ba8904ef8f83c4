package dev.streamssl.learner.cluster;

/**
 * Self-Label's label assignment (Asano, Rupprecht and Vedaldi, "Self-labelling via simultaneous
 * clustering and representation learning", ICLR 2020, §3.1 and the official {@code
 * sinkhornknopp.py}): labels Q for N points and K classes that maximise agreement with the model's
 * predictions P under the equipartition constraint (each class gets N/K points), an optimal
 * transport problem solved approximately by the Sinkhorn-Knopp algorithm on P^λ:
 *
 * <pre>
 *   P_kn = softmax_k(logits_n)^λ
 *   repeat:  r ← (1/K) / (P c)        c ← (1/N) / (rᵀ P)
 *   until Σ_n |c_n / c_n_new − 1| &lt; tolerance   (checked every 10 iterations)
 *   Q = diag(r) P diag(c),   label_n = argmax_k Q_kn
 * </pre>
 *
 * In double precision, as the official code. λ sets the entropy of the solution: larger λ, sharper
 * (25 on ImageNet, 10 on CIFAR). Unlike the official code, P^λ is formed from the log-softmax with
 * every row's and then every column's largest entry divided out (scalings that r and c absorb), so
 * every row and every column holds a 1: taken as it is, with λ = 50 on confident heads, P^λ of some
 * class underflowed to 0 for every point and the multiplicative updates turned to NaN, giving every
 * point one label. Should the scalings still leave the range of a double, the iterations are redone
 * in the log domain (log r, log c by log-sum-exp), exact but about twenty times slower (one exp per
 * entry and iteration): too slow for a queue of thousands of points every step.
 */
public final class SinkhornKnopp {
    private static final int CHECK_EVERY = 10;

    private final double lambda;
    private final double tolerance;
    private final int maxIterations;

    /**
     * @param lambda λ > 0
     * @param tolerance stopping tolerance on Σ|c/c_new − 1| (0.1 in the official ImageNet code)
     * @param maxIterations a bound, in case the tolerance is never met
     */
    public SinkhornKnopp(double lambda, double tolerance, int maxIterations) {
        if (!(lambda > 0) || !(tolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException(
                    "Sinkhorn-Knopp needs λ > 0, tolerance > 0, iterations >= 1; got "
                            + lambda
                            + ", "
                            + tolerance
                            + ", "
                            + maxIterations);
        }
        this.lambda = lambda;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** The transport plan Q (N × K, summing to 1 overall) for the logits (N × K). */
    public double[][] plan(float[][] logits) {
        double[][] logP = logPowered(logits);
        double[][] q = scaled(logP);
        return q != null ? q : inLogDomain(logP);
    }

    /** The plan by the log-domain iterations alone (what {@link #plan} falls back to). */
    double[][] planInLogDomain(float[][] logits) {
        return inLogDomain(logPowered(logits));
    }

    /** λ · log softmax of every row. */
    private double[][] logPowered(float[][] logits) {
        int n = logits.length;
        int k = logits[0].length;
        double[][] p = new double[n][k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[i][j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[i][j] - max);
            }
            double logSum = max + Math.log(sum);
            for (int j = 0; j < k; j++) {
                p[i][j] = lambda * (logits[i][j] - logSum);
            }
        }
        return p;
    }

    /**
     * The multiplicative iterations on P^λ with each row's, then each column's, maximum divided
     * out; null if a scaling left the range of a double.
     */
    private double[][] scaled(double[][] logP) {
        int n = logP.length;
        int k = logP[0].length;
        double[] columnMax = new double[k];
        java.util.Arrays.fill(columnMax, Double.NEGATIVE_INFINITY);
        double[][] p = new double[n][k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logP[i][j]);
            }
            for (int j = 0; j < k; j++) {
                p[i][j] = logP[i][j] - max;
                columnMax[j] = Math.max(columnMax[j], p[i][j]);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                p[i][j] = Math.exp(p[i][j] - columnMax[j]);
            }
        }
        double[] r = new double[k];
        double[] c = new double[n];
        java.util.Arrays.fill(c, 1.0 / n);
        double[] columnSum = new double[k];
        for (int it = 0; it < maxIterations; it++) {
            // r ← (1/K) / (P c)
            java.util.Arrays.fill(columnSum, 0);
            for (int i = 0; i < n; i++) {
                double ci = c[i];
                double[] row = p[i];
                for (int j = 0; j < k; j++) {
                    columnSum[j] += row[j] * ci;
                }
            }
            for (int j = 0; j < k; j++) {
                r[j] = 1 / (k * columnSum[j]);
            }
            // c ← (1/N) / (rᵀ P)
            double error = 0;
            for (int i = 0; i < n; i++) {
                double[] row = p[i];
                double dot = 0;
                for (int j = 0; j < k; j++) {
                    dot += row[j] * r[j];
                }
                double updated = 1 / (n * dot);
                error += Math.abs(c[i] / updated - 1);
                c[i] = updated;
            }
            if (!Double.isFinite(error)) {
                return null;
            }
            if (it % CHECK_EVERY == 0 && error < tolerance) {
                break;
            }
        }
        double[][] q = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                q[i][j] = r[j] * p[i][j] * c[i];
                if (!Double.isFinite(q[i][j])) {
                    return null;
                }
            }
        }
        return q;
    }

    /** The same iterations on log r and log c: slower, but no scaling can leave the range. */
    private double[][] inLogDomain(double[][] p) {
        int n = p.length;
        int k = p[0].length;
        double[] logR = new double[k];
        double[] logC = new double[n];
        java.util.Arrays.fill(logC, -Math.log(n));
        double logK = Math.log(k);
        double logN = Math.log(n);
        double[] term = new double[Math.max(n, k)];
        for (int it = 0; it < maxIterations; it++) {
            // r ← (1/K) / (P c)
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < n; i++) {
                    term[i] = p[i][j] + logC[i];
                }
                logR[j] = -logK - logSumExp(term, n);
            }
            // c ← (1/N) / (rᵀ P)
            double error = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    term[j] = p[i][j] + logR[j];
                }
                double updated = -logN - logSumExp(term, k);
                error += Math.abs(Math.exp(logC[i] - updated) - 1);
                logC[i] = updated;
            }
            if (it % CHECK_EVERY == 0 && error < tolerance) {
                break;
            }
        }
        double[][] q = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                q[i][j] = Math.exp(p[i][j] + logR[j] + logC[i]);
            }
        }
        return q;
    }

    private static double logSumExp(double[] values, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, values[i]);
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Math.exp(values[i] - max);
        }
        return max + Math.log(sum);
    }

    /** argmax_k Q_nk for every point. */
    public int[] labels(float[][] logits) {
        double[][] q = plan(logits);
        int[] labels = new int[q.length];
        for (int i = 0; i < q.length; i++) {
            int best = 0;
            for (int j = 1; j < q[i].length; j++) {
                if (q[i][j] > q[i][best]) {
                    best = j;
                }
            }
            labels[i] = best;
        }
        return labels;
    }
}
