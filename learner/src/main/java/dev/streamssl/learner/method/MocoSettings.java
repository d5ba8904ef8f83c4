package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.TwoViewAugmentation;

/**
 * MoCo's own settings.
 *
 * @param version v1 (He et al. 2020: a linear fc head, τ 0.07) or v2 (Chen et al. 2020: an MLP
 *     head, τ 0.2, stronger augmentation)
 * @param temperature τ of InfoNCE
 * @param queueSize K, the number of negative keys in the queue (65 536 on ImageNet)
 * @param momentum m of the key encoder's EMA (0.999 in the paper; with the cosine schedule it rises
 *     from m to 1 as in solo-learn's MoCo v2+, with the stream's constant schedule it stays at m)
 * @param projectionHiddenDim hidden width of the v2 MLP head (the paper: the encoder's width)
 * @param projectionDim dimension of the keys and queries (128 in the paper)
 * @param symmetric the loss of both view orders, as in solo-learn's MoCo v2+ (the paper computes
 *     one order: queries of view 1 against keys of view 2)
 * @param shuffleBnGroups BatchNorm groups for shuffle-BN on one device: queries are normalised in
 *     this many sub-batches in order, keys in as many sub-batches of a random permutation, so a
 *     query's BatchNorm statistics do not describe the sub-batch its positive key is in (1: off)
 * @param views the two views' pipelines
 */
public record MocoSettings(
        String version,
        double temperature,
        int queueSize,
        double momentum,
        int projectionHiddenDim,
        int projectionDim,
        boolean symmetric,
        int shuffleBnGroups,
        TwoViewAugmentation views)
        implements MethodSettings {

    public MocoSettings {
        if (!version.equals("v1") && !version.equals("v2")) {
            throw new IllegalArgumentException(
                    "moco.version = '" + version + "' is not known; allowed: v1, v2");
        }
        if (!(temperature > 0 && temperature <= 10)) {
            throw new IllegalArgumentException(
                    "moco.temperature = " + temperature + " is out of range; allowed: (0, 10]");
        }
        if (queueSize < 1 || queueSize > 1 << 20) {
            throw new IllegalArgumentException(
                    "moco.queue-size = " + queueSize + " is out of range; allowed: [1, 1048576]");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(
                    "moco.momentum = " + momentum + " is out of range; allowed: [0, 1)");
        }
        if (projectionHiddenDim < 1 || projectionDim < 1) {
            throw new IllegalArgumentException(
                    "moco projection dimensions must be >= 1, got "
                            + projectionHiddenDim
                            + " and "
                            + projectionDim);
        }
        if (shuffleBnGroups < 1) {
            throw new IllegalArgumentException(
                    "moco.shuffle-bn-groups = " + shuffleBnGroups + " must be >= 1");
        }
    }

    @Override
    public String methodName() {
        return "moco";
    }

    public static final MethodOption<String> VERSION =
            MethodOption.text(
                    "moco.version",
                    "v2",
                    "v2 (MLP head, τ 0.2, MoCo v2 views) or v1 (linear head, τ 0.07).");
    public static final MethodOption<Double> TEMPERATURE =
            MethodOption.real(
                    "moco.temperature",
                    "InfoNCE temperature τ in (0, 10]; default 0.2 (v2) or 0.07 (v1).");
    public static final MethodOption<Integer> QUEUE_SIZE =
            MethodOption.integer(
                    "moco.queue-size", 4096, "K, negative keys in the queue (65536 on ImageNet).");
    public static final MethodOption<Double> MOMENTUM =
            MethodOption.real(
                    "moco.momentum",
                    0.99,
                    "Key encoder EMA momentum m (0.999 in the paper for 200 epochs; 0.99 for short"
                            + " runs, as solo-learn's CIFAR setting).");
    public static final MethodOption<Integer> PROJECTION_HIDDEN_DIM =
            MethodOption.integer(
                    "moco.projection-hidden-dim", 512, "Hidden width of the v2 MLP head.");
    public static final MethodOption<Integer> PROJECTION_DIM =
            MethodOption.integer(
                    "moco.projection-dim",
                    128,
                    "Dimension of queries and keys (128 in the paper).");
    public static final MethodOption<Boolean> SYMMETRIC =
            MethodOption.flag(
                    "moco.symmetric",
                    false,
                    "Loss over both view orders (solo-learn's MoCo v2+); false: one order, as the"
                            + " paper.");
    public static final MethodOption<Integer> SHUFFLE_BN_GROUPS =
            MethodOption.integer(
                    "moco.shuffle-bn-groups",
                    4,
                    "BatchNorm sub-batches emulating shuffle-BN on one device (1 = off).");
    public static final java.util.List<MethodOption<?>> OPTIONS =
            java.util.List.of(
                    VERSION,
                    TEMPERATURE,
                    QUEUE_SIZE,
                    MOMENTUM,
                    PROJECTION_HIDDEN_DIM,
                    PROJECTION_DIM,
                    SYMMETRIC,
                    SHUFFLE_BN_GROUPS);

    /**
     * The settings from the job's configuration: τ by version when not set, the version's views,
     * and shuffle-BN groups only where the encoder has BatchNorm.
     */
    public static MocoSettings from(MethodConfig c) {
        String version = c.get(VERSION);
        boolean v1 = version.equals("v1");
        Double temperature = c.get(TEMPERATURE);
        return new MocoSettings(
                version,
                temperature != null ? temperature : v1 ? 0.07 : 0.2,
                c.get(QUEUE_SIZE),
                c.get(MOMENTUM),
                c.get(PROJECTION_HIDDEN_DIM),
                c.get(PROJECTION_DIM),
                c.get(SYMMETRIC),
                c.architecture().hasBatchNorm() ? c.get(SHUFFLE_BN_GROUPS) : 1,
                c.twoViews(v1 ? "moco-v1" : "moco"));
    }
}
