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
 * (25 on ImageNet, 10 on CIFAR). Unlike the official code, the softmax and the iterations run in
 * the log domain (log r, log c by log-sum-exp): with λ = 50 on confident heads, P^λ of some class
 * underflowed to 0 for every point and the multiplicative updates turned to NaN, giving every point
 * one label.
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
        // the scalings in the log domain: with a large λ, P^λ of a class every point finds
        // unlikely underflows to 0 in any floating point, and the multiplicative update would
        // divide by it (NaN everywhere, every point the same label)
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
