package dev.streamssl.eval;

/**
 * The difference between two classifiers' top-1 accuracies on the same test images, with its
 * standard error: how far apart they are, and how much of that the choice of test images alone
 * could give.
 *
 * <p>Per test image i, d_i = 1{B correct} − 1{A correct} ∈ {−1, 0, 1}. With n images, of which b
 * are right under A only and c under B only, the difference is Δ = (c − b) / n and the sample
 * variance of the d_i is (b + c) / n − Δ², so SE(Δ) = sqrt(((b + c) / n − Δ²) / n). This is the
 * paired (McNemar) form: images both classifiers get right or wrong cost nothing, which is why it
 * is several times tighter than comparing two independent accuracies. {@link #z()} = Δ / SE; Δ is
 * beyond what resampling the test images gives at the one-sided 0.1 % level when z exceeds 3.09.
 */
public record PairedDifference(int images, int onlyFirstRight, int onlySecondRight) {
    /** The one-sided 0.1 % point of the standard normal. */
    public static final double Z_999 = 3.090;

    /** Compares per-image correctness of A ({@code first}) and B ({@code second}). */
    public static PairedDifference of(boolean[] first, boolean[] second) {
        if (first.length != second.length || first.length == 0) {
            throw new IllegalArgumentException(
                    "a paired difference needs the same non-empty test images under both, got "
                            + first.length
                            + " and "
                            + second.length);
        }
        int b = 0;
        int c = 0;
        for (int i = 0; i < first.length; i++) {
            if (first[i] && !second[i]) {
                b++;
            } else if (second[i] && !first[i]) {
                c++;
            }
        }
        return new PairedDifference(first.length, b, c);
    }

    /** Accuracy of B minus accuracy of A. */
    public double difference() {
        return (onlySecondRight - onlyFirstRight) / (double) images;
    }

    /** The standard error of {@link #difference()} over resamplings of the test images. */
    public double standardError() {
        double d = difference();
        double variance = (onlyFirstRight + onlySecondRight) / (double) images - d * d;
        return Math.sqrt(Math.max(variance, 0) / images);
    }

    /**
     * The difference in standard errors (infinite when every image that moved moved the same way).
     */
    public double z() {
        double se = standardError();
        return se == 0 ? (difference() == 0 ? 0 : Double.POSITIVE_INFINITY) : difference() / se;
    }

    @Override
    public String toString() {
        return String.format("%+.4f (SE %.4f, z %.1f)", difference(), standardError(), z());
    }
}
