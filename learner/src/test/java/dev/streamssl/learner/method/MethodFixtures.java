package dev.streamssl.learner.method;

import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.VitShape;
import dev.streamssl.learner.optim.OptimizerSettings;
import java.util.Map;

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
            "selflabel",
            "swav",
            "barlowtwins",
            "vicreg",
            "simsiam",
            "nnclr"
        };
    }

    public static LearnerSettings settings(String name) {
        return settings(name, 7L);
    }

    public static LearnerSettings settings(String name, long seed) {
        return settings(name, seed, method(name, architecture(name)));
    }

    private static Architecture architecture(String name) {
        return name.endsWith("-vit")
                ? Architecture.vit(new VitShape(4, 16, 2, 2))
                : Architecture.SMALL_CNN;
    }

    /** The fixture's settings of a case with other method settings. */
    static LearnerSettings settings(String name, long seed, MethodSettings method) {
        Architecture architecture = architecture(name);
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
                method);
    }

    static DeepClusterSettings deepCluster(int clusters) {
        return deepCluster(clusters, 2);
    }

    static DeepClusterSettings deepCluster(int clusters, int reclusterSteps) {
        return new DeepClusterSettings(
                clusters,
                8,
                reclusterSteps,
                40,
                5,
                AugmentationPresets.deepCluster(SIZE, MEAN, STD));
    }

    /** Tiny options of the methods whose settings the fixtures read through their descriptor. */
    private static final Map<String, Map<String, Object>> TINY =
            Map.of(
                    "swav",
                    Map.of(
                            "swav.prototypes", 16,
                            "swav.queue-size", 32,
                            "swav.freeze-prototypes-steps", 1L,
                            "swav.projection-hidden-dim", 32,
                            "swav.projection-dim", 16,
                            "swav.local-crops", 2,
                            "swav.local-size", 8),
                    "barlowtwins",
                    Map.of(
                            "barlowtwins.projection-hidden-dim",
                            32,
                            "barlowtwins.projection-dim",
                            16),
                    "vicreg",
                    Map.of("vicreg.expander-dim", 16),
                    "simsiam",
                    Map.of("simsiam.projection-dim", 16, "simsiam.predictor-hidden-dim", 8),
                    "nnclr",
                    Map.of(
                            "nnclr.queue-size", 40,
                            "nnclr.projection-hidden-dim", 32,
                            "nnclr.projection-dim", 16));

    static MethodSettings method(String name) {
        return method(name, Architecture.SMALL_CNN);
    }

    static MethodSettings method(String name, Architecture architecture) {
        if (TINY.containsKey(name)) {
            return Methods.named(name)
                    .settings()
                    .apply(new FixtureConfig(architecture, TINY.get(name)));
        }
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
