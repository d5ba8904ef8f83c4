package dev.streamssl.learner.continual;

/**
 * The continual-learning strategy of a learner ({@code continual.*}).
 *
 * @param strategy the strategy's name in {@link ContinualStrategies}: {@code none} or {@code
 *     cassle}
 * @param refreshEvery CaSSLe: steps between refreshes of the frozen copy (a stream has no task
 *     boundaries to refresh at); 0 for never, so that only a warm start or a requested refresh
 *     (drift) sets it
 * @param weight λ of the distillation term, or NaN for the method's family default
 * @param predictorHiddenDim width of the hidden layer of CaSSLe's predictor (2048 in the paper)
 * @param temperature τ of the contrastive distillation (0.2 in the official code)
 * @param headWarmupSteps after a warm start: steps during which only the fresh heads train and the
 *     pretrained encoder's weights stay as loaded (its BatchNorm statistics still follow the
 *     stream)
 */
public record ContinualSettings(
        String strategy,
        long refreshEvery,
        double weight,
        int predictorHiddenDim,
        double temperature,
        long headWarmupSteps) {
    /** No strategy: the method alone, as before strategies existed. */
    public static final ContinualSettings NONE =
            new ContinualSettings("none", 0, Double.NaN, 2048, 0.2, 0);

    /** A strategy with no head warm-up. */
    public ContinualSettings(
            String strategy,
            long refreshEvery,
            double weight,
            int predictorHiddenDim,
            double temperature) {
        this(strategy, refreshEvery, weight, predictorHiddenDim, temperature, 0);
    }

    public ContinualSettings {
        ContinualStrategies.named(strategy);
        if (refreshEvery < 0) {
            throw new IllegalArgumentException(
                    "continual.refresh-every = " + refreshEvery + " must be >= 0 (0: never)");
        }
        if (!Double.isNaN(weight) && !(weight >= 0)) {
            throw new IllegalArgumentException(
                    "continual.cassle.weight = " + weight + " must be >= 0");
        }
        if (predictorHiddenDim < 1) {
            throw new IllegalArgumentException(
                    "continual.cassle.predictor-hidden-dim = "
                            + predictorHiddenDim
                            + " must be >= 1");
        }
        if (headWarmupSteps < 0) {
            throw new IllegalArgumentException(
                    "continual.head-warmup-steps = " + headWarmupSteps + " must be >= 0");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException(
                    "continual.cassle.temperature = " + temperature + " must be > 0");
        }
    }
}
