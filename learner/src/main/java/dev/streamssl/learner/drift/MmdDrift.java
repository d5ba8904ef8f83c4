package dev.streamssl.learner.drift;

import dev.streamssl.learner.random.StreamRandom;
import java.util.Arrays;

/**
 * A two-sample test between a reference window of embeddings and a recent one: the unbiased squared
 * maximum mean discrepancy (Gretton et al., "A Kernel Two-Sample Test", JMLR 2012, eq. 3)
 *
 * <pre>
 *   MMD²_u(X, Y) = 1/(m(m−1)) Σ_{i≠j} k(x_i, x_j) + 1/(n(n−1)) Σ_{i≠j} k(y_i, y_j)
 *                  − 2/(mn) Σ_{i,j} k(x_i, y_j)
 * </pre>
 *
 * with a Gaussian kernel {@code k(x, y) = exp(−‖x − y‖² / (2σ²))} on L2-normalised embeddings. The
 * kernel is fixed when the reference is taken: σ² is half the median squared distance between
 * reference embeddings (the median heuristic), so the same statistic means the same thing for every
 * recent window compared with that reference.
 *
 * <p>The alarm threshold is calibrated on the reference alone: {@code nullDraws} times, a random
 * {@code window} of the reference is set aside and compared with the rest; the threshold is the
 * {@code 1 − falseAlarmRate} quantile of those statistics. A recent window from the reference's
 * distribution is exchangeable with those draws, so it crosses the threshold with probability about
 * {@code falseAlarmRate}; the draws compare fewer reference embeddings than the real test does (m −
 * n instead of m), so their spread is a little wider and the threshold errs on the quiet side.
 *
 * <p>Embeddings move as the model learns, so a reference is only comparable with recent embeddings
 * made by the same weights; whoever holds a detector keeps the reference images and re-embeds them
 * when the model changes (a new {@code MmdDrift} per model version).
 */
public final class MmdDrift {
    private final float[][] reference;
    private final double gamma;
    private final double[][] referenceKernel;
    private final double[] rowSums;
    private final double total;
    private final double trace;
    private final double threshold;
    private final int window;

    /**
     * @param reference the reference embeddings (rows; not modified), at least {@code 2 × window}
     * @param window the size of the recent windows that will be compared
     * @param nullDraws how many reference splits calibrate the threshold (≥ 1 / falseAlarmRate)
     * @param falseAlarmRate the share of windows from the reference's distribution that may alarm
     * @param seed the generator of the calibration's splits
     */
    public MmdDrift(
            float[][] reference, int window, int nullDraws, double falseAlarmRate, long seed) {
        if (window < 2 || reference.length < 2 * window) {
            throw new IllegalArgumentException(
                    "drift: the reference needs at least twice the window ("
                            + 2 * window
                            + " embeddings), got "
                            + reference.length
                            + " for a window of "
                            + window);
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1) || nullDraws * falseAlarmRate < 1) {
            throw new IllegalArgumentException(
                    "drift: false-alarm rate "
                            + falseAlarmRate
                            + " must be in (0, 1) and at least one in "
                            + nullDraws
                            + " calibration draws");
        }
        this.window = window;
        this.reference = normalised(reference);
        double[][] distances = squaredDistances(this.reference, this.reference);
        this.gamma = 1.0 / (2 * sigmaSquared(distances));
        this.referenceKernel = kernel(distances);
        this.rowSums = new double[referenceKernel.length];
        double all = 0;
        for (int i = 0; i < rowSums.length; i++) {
            for (double v : referenceKernel[i]) {
                rowSums[i] += v;
            }
            all += rowSums[i];
        }
        this.total = all;
        this.trace = trace(referenceKernel);
        this.threshold = calibrate(nullDraws, falseAlarmRate, new StreamRandom(seed));
    }

    /** The statistic above which {@link #drifted} says the recent window has moved. */
    public double threshold() {
        return threshold;
    }

    public int window() {
        return window;
    }

    /** MMD²_u between the whole reference and {@code recent} (rows, any count ≥ 2). */
    public double statistic(float[][] recent) {
        if (recent.length < 2) {
            throw new IllegalArgumentException("drift: a recent window needs 2 embeddings or more");
        }
        float[][] y = normalised(recent);
        double[][] yy = kernel(squaredDistances(y, y));
        double[][] xy = kernel(squaredDistances(reference, y));
        int m = reference.length;
        int n = y.length;
        return (total - trace) / ((double) m * (m - 1))
                + (sum(yy) - trace(yy)) / ((double) n * (n - 1))
                - 2 * sum(xy) / ((double) m * n);
    }

    /** Whether the recent window's statistic is above the calibrated threshold. */
    public boolean drifted(float[][] recent) {
        return statistic(recent) > threshold;
    }

    private double calibrate(int draws, double falseAlarmRate, StreamRandom random) {
        int m = reference.length;
        double[] statistics = new double[draws];
        int[] order = new int[m];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            for (int i = m - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            statistics[d] = splitStatistic(Arrays.copyOfRange(order, 0, window));
        }
        Arrays.sort(statistics);
        int index = (int) Math.ceil((1 - falseAlarmRate) * draws) - 1;
        return statistics[Math.min(Math.max(index, 0), draws - 1)];
    }

    /**
     * MMD²_u between {@code y} and the rest of the reference, in O(n²) from the reference's row
     * sums: Σ_XY = Σ_{j∈Y} rowSum_j − Σ_YY and Σ_XX = total − 2 Σ_XY − Σ_YY, each sum within a set
     * less its diagonal.
     */
    private double splitStatistic(int[] y) {
        double yy = 0;
        double yRows = 0;
        double yDiagonal = 0;
        for (int i : y) {
            yRows += rowSums[i];
            yDiagonal += referenceKernel[i][i];
            for (int j : y) {
                yy += referenceKernel[i][j];
            }
        }
        double xy = yRows - yy;
        double xx = total - 2 * xy - yy;
        int n = y.length;
        int m = reference.length - n;
        return (xx - (trace - yDiagonal)) / ((double) m * (m - 1))
                + (yy - yDiagonal) / ((double) n * (n - 1))
                - 2 * xy / ((double) m * n);
    }

    private static double trace(double[][] k) {
        double t = 0;
        for (int i = 0; i < k.length; i++) {
            t += k[i][i];
        }
        return t;
    }

    private static double sum(double[][] k) {
        double s = 0;
        for (double[] row : k) {
            for (double v : row) {
                s += v;
            }
        }
        return s;
    }

    private double[][] kernel(double[][] squaredDistances) {
        double[][] k = new double[squaredDistances.length][];
        for (int i = 0; i < k.length; i++) {
            k[i] = new double[squaredDistances[i].length];
            for (int j = 0; j < k[i].length; j++) {
                k[i][j] = Math.exp(-gamma * squaredDistances[i][j]);
            }
        }
        return k;
    }

    /** σ² of the median heuristic: half the median squared distance between distinct rows. */
    private static double sigmaSquared(double[][] d) {
        int n = d.length;
        double[] upper = new double[n * (n - 1) / 2];
        int u = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                upper[u++] = d[i][j];
            }
        }
        Arrays.sort(upper);
        double median = upper[upper.length / 2];
        return Math.max(median / 2, 1e-6);
    }

    private static double[][] squaredDistances(float[][] a, float[][] b) {
        double[][] d = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double dot = 0;
                for (int c = 0; c < a[i].length; c++) {
                    dot += (double) a[i][c] * b[j][c];
                }
                // both rows are unit vectors: ‖a − b‖² = 2 − 2 a·b
                d[i][j] = Math.max(0, 2 - 2 * dot);
            }
        }
        return d;
    }

    private static float[][] normalised(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (float v : rows[i]) {
                norm += (double) v * v;
            }
            double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
            out[i] = new float[rows[i].length];
            for (int c = 0; c < rows[i].length; c++) {
                out[i][c] = (float) (rows[i][c] * scale);
            }
        }
        return out;
    }
}
