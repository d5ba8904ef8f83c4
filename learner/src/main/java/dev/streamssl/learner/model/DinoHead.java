package dev.streamssl.learner.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.streamssl.learner.loss.L2Normalize;

/**
 * DINO's projection head (Caron et al., ICCV 2021, §3.1 and {@code DINOHead}): a 3-layer MLP with
 * GELU (hidden width 2048 in the paper) to a bottleneck (256), L2 normalisation, then a
 * weight-normalised linear layer to K outputs (65 536 on ImageNet), the "prototypes" over which
 * teacher and student distributions are compared. No BatchNorm ({@code use_bn=False}, the default).
 */
public final class DinoHead {
    /** Name of the last layer's parameter, which DINO keeps still during the first steps. */
    public static final String LAST_LAYER = "WeightNormLinear_weight";

    private DinoHead() {}

    public static Block build(int hiddenDim, int bottleneckDim, int outputDim) {
        SequentialBlock mlp =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(hiddenDim).build())
                        .add(Activation.geluBlock())
                        .add(Linear.builder().setUnits(hiddenDim).build())
                        .add(Activation.geluBlock())
                        .add(Linear.builder().setUnits(bottleneckDim).build())
                        .add(LambdaBlock.singleton(L2Normalize::rows, "l2-normalise"));
        return new SequentialBlock().add(mlp).add(new WeightNormLinear(outputDim));
    }
}
