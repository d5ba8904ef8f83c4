package dev.streamssl.learner.optim;

/**
 * A method's optimizer recipe: what {@code optimizer.*} defaults to when not set. Each method's
 * descriptor holds its two recipes.
 *
 * <ul>
 *   <li>{@code paper}: the values of the paper and its official code, made for ImageNet-scale runs
 *       of hundreds of epochs: SimCLR LARS 0.3 per 256 images, η 0.001, weight decay 10⁻⁶; MoCo v2
 *       SGD 0.03, weight decay 10⁻⁴; BYOL LARS 0.2, η 0.001, weight decay 1.5·10⁻⁶; DINO AdamW
 *       5·10⁻⁴, weight decay 0.04; DeepCluster SGD 0.05, weight decay 10⁻⁵; DeeperCluster SGD 0.1,
 *       weight decay 10⁻⁵; Self-Label SGD 0.08, weight decay 10⁻⁵.
 *   <li>{@code small} (the default): values measured on this project's reference stream
 *       (Fashion-MNIST, 28×28 grey, small CNN, batch 256) for runs of hundreds to thousands of
 *       steps; the ablations behind each value are in {@code docs/benchmarks.md}. The paper's LARS
 *       trust coefficient η = 0.001 makes every update tiny relative to the weights, which suits a
 *       run of 100 epochs and learns little in the few hundred steps a stream's first minutes give;
 *       η = 0.02 (solo-learn's CIFAR recipes) does.
 *   <li>{@code continue}: the small recipe at a quarter of its learning rate, for continuing from a
 *       pretrained model ({@code learner.init-from}) that must not move far. Warm-started on the
 *       data they were pretrained on, kNN stayed within 0.12 points of the start for SimCLR and
 *       never went below it for BYOL (the small recipe lost BYOL 7.5 points in one run), and came
 *       within 0.73 for VICReg ({@code docs/benchmarks.md}).
 * </ul>
 *
 * @param kind sgd, lars or adamw
 * @param learningRate per 256 images
 * @param weightDecay weight decay
 * @param momentum SGD/LARS momentum or AdamW's β1
 * @param larsTrustCoefficient η of LARS
 */
public record Recipe(
        String kind,
        double learningRate,
        double weightDecay,
        double momentum,
        double larsTrustCoefficient) {

    public static final String SMALL = "small";
    public static final String PAPER = "paper";
    public static final String CONTINUE = "continue";

    /** The share of the small recipe's learning rate the {@code continue} recipe keeps. */
    public static final double CONTINUE_RATE_SHARE = 0.25;

    /** This recipe at {@code share} of its learning rate. */
    public Recipe withRateScaled(double share) {
        return new Recipe(kind, learningRate * share, weightDecay, momentum, larsTrustCoefficient);
    }

    /** LARS with momentum 0.9. */
    public static Recipe lars(double learningRate, double weightDecay, double trustCoefficient) {
        return new Recipe("lars", learningRate, weightDecay, 0.9, trustCoefficient);
    }

    /** SGD with momentum 0.9. */
    public static Recipe sgd(double learningRate, double weightDecay) {
        return new Recipe("sgd", learningRate, weightDecay, 0.9, 0.001);
    }

    /** AdamW with β1 0.9. */
    public static Recipe adamw(double learningRate, double weightDecay) {
        return new Recipe("adamw", learningRate, weightDecay, 0.9, 0.001);
    }

    /**
     * The recipe as the configuration docs' table writes it, e.g. {@code LARS, 0.4, η 0.02, wd
     * 1e-6} or {@code SGD, 0.05, wd 1e-5}.
     */
    public String describe() {
        String name =
                switch (kind) {
                    case "lars" -> "LARS";
                    case "sgd" -> "SGD";
                    default -> "AdamW";
                };
        return name
                + ", "
                + number(learningRate)
                + (kind.equals("lars") ? ", η " + number(larsTrustCoefficient) : "")
                + ", wd "
                + number(weightDecay);
    }

    /** 0.4, 0.001, 5e-4, 1.5e-6: plain from 0.001 up, else mantissa and exponent. */
    private static String number(double v) {
        if (v == 0 || v >= 0.001) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
        int exponent = (int) Math.floor(Math.log10(v) + 1e-9);
        double mantissa = v / Math.pow(10, exponent);
        String m =
                java.math.BigDecimal.valueOf(Math.round(mantissa * 1000) / 1000.0)
                        .stripTrailingZeros()
                        .toPlainString();
        return m + "e" + exponent;
    }
}
