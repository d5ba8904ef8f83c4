package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.VitShape;
import dev.streamssl.learner.optim.OptimizerSettings;

/** Tiny settings of every method for unit tests: 16×16 grey images, batches of 16, small heads. */
public final class MethodFixtures {
    static final float[] MEAN = {0.5f};
    static final float[] STD = {0.5f};
    public static final int SIZE = 16;
    public static final int BATCH = 16;

    private MethodFixtures() {}

    /** The cases the parameterised tests run: a name each. */
    static String[] cases() {
        return new String[] {
            "simclr",
            "moco",
            "moco-v1-symmetric",
            "byol",
            "dino",
            "dino-vit",
            "deepcluster",
            "deepercluster",
            "selflabel"
        };
    }

    public static LearnerSettings settings(String name) {
        return settings(name, 7L);
    }

    public static LearnerSettings settings(String name, long seed) {
        Architecture architecture =
                name.endsWith("-vit")
                        ? Architecture.vit(new VitShape(4, 16, 2, 2))
                        : Architecture.SMALL_CNN;
        String optimizer = name.startsWith("dino") ? "adamw" : "lars";
        // per 256 images: AdamW at 1.25e-3 and LARS at 0.02 for the batch of 16
        double lr = name.startsWith("dino") ? 0.02 : 0.3;
        return new LearnerSettings(
                architecture,
                1,
                SIZE,
                BATCH,
                "cpu",
                seed,
                new OptimizerSettings(optimizer, lr, 1e-6, 0.9, 0.02, "cosine", 2, 1000, 0.01),
                method(name));
    }

    static DeepClusterSettings deepCluster(int clusters) {
        return new DeepClusterSettings(
                clusters, 8, 2, 40, 5, AugmentationPresets.deepCluster(SIZE, MEAN, STD));
    }

    static MethodSettings method(String name) {
        TwoViewAugmentation views =
                AugmentationPresets.simclr(SIZE, MEAN, STD)
                        .map(v -> v.toBuilder().cropScale(0.3, 1.0).build());
        return switch (name) {
            case "simclr" -> new SimClrSettings(0.2, 32, 16, views);
            case "moco" -> new MocoSettings("v2", 0.2, 40, 0.99, 32, 16, false, 4, views);
            case "moco-v1-symmetric" ->
                    new MocoSettings("v1", 0.07, 24, 0.99, 32, 16, true, 2, views);
            case "byol" -> new ByolSettings(0.99, 32, 16, views);
            case "dino", "dino-vit" ->
                    new DinoSettings(
                            32,
                            16,
                            64,
                            0.1,
                            0.04,
                            0.07,
                            3,
                            0.9,
                            0.996,
                            1,
                            3.0,
                            AugmentationPresets.dino(SIZE, 8, 2, MEAN, STD));
            // re-clustering every 2 steps: the restore tests cross one
            case "deepcluster" -> deepCluster(6);
            case "deepercluster" ->
                    new DeeperClusterSettings(2, 3, deepCluster(6), deepCluster(6).view());
            case "selflabel" ->
                    new SelfLabelSettings(
                            8,
                            2,
                            10,
                            24,
                            2,
                            0.1,
                            100,
                            AugmentationPresets.selfLabel(SIZE, MEAN, STD));
            default -> throw new IllegalArgumentException(name);
        };
    }
}
