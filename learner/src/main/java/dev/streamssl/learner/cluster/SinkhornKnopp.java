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
 * (25 on ImageNet, 10 on CIFAR). The softmax is taken in the log domain, so large λ cannot
 * overflow.
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
        // P^λ up to one common factor, which r and c absorb
        double top = Double.NEGATIVE_INFINITY;
        for (double[] row : p) {
            for (double v : row) {
                top = Math.max(top, v);
            }
        }
        for (double[] row : p) {
            for (int j = 0; j < k; j++) {
                row[j] = Math.exp(row[j] - top);
            }
        }
        double[] r = new double[k];
        double[] c = new double[n];
        java.util.Arrays.fill(r, 1.0 / k);
        java.util.Arrays.fill(c, 1.0 / n);
        for (int it = 0; it < maxIterations; it++) {
            // r ← (1/K) / (P c)
            double[] pc = new double[k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    pc[j] += p[i][j] * c[i];
                }
            }
            for (int j = 0; j < k; j++) {
                r[j] = (1.0 / k) / pc[j];
            }
            // c ← (1/N) / (rᵀ P)
            double error = 0;
            for (int i = 0; i < n; i++) {
                double rp = 0;
                for (int j = 0; j < k; j++) {
                    rp += r[j] * p[i][j];
                }
                double updated = (1.0 / n) / rp;
                error += Math.abs(c[i] / updated - 1);
                c[i] = updated;
            }
            if (it % CHECK_EVERY == 0 && error < tolerance) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                p[i][j] *= r[j] * c[i];
            }
        }
        return p;
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
