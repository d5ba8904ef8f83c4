package dev.streamssl.learner.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The MLP heads of the two-view methods, mapping the representation h to the space where the loss
 * is applied. Embeddings for downstream use are h, not the head's output (SimCLR §4.2 shows h is
 * the better representation).
 *
 * <ul>
 *   <li>{@link #build}: Linear → BN → ReLU → Linear, SimCLR's projection head g (Chen et al. 2020,
 *       §2.1) and BYOL's projector and predictor (Grill et al. 2020, §3.3).
 *   <li>{@link #withoutBatchNorm}: Linear → ReLU → Linear, MoCo v2's head (Chen, Fan, Girshick and
 *       He 2020, §2).
 *   <li>{@link #linear}: one Linear layer, MoCo v1's fc output.
 * </ul>
 */
public final class ProjectionHead {
    private ProjectionHead() {}

    public static Block build(int hiddenDim, int outputDim) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hiddenDim).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(outputDim).build());
    }

    public static Block withoutBatchNorm(int hiddenDim, int outputDim) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hiddenDim).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(outputDim).build());
    }

    public static Block linear(int outputDim) {
        return new SequentialBlock().add(Linear.builder().setUnits(outputDim).build());
    }

    /**
     * {@code hiddenLayers} × (Linear without bias, BatchNorm, ReLU), then a Linear of {@code
     * outputDim}, then, with {@code outputBatchNorm}, a BatchNorm ({@code affineOutput}: with scale
     * and shift; without, as SimSiam's projector ends). The heads of SimSiam, Barlow Twins, VICReg
     * and NNCLR are of this shape.
     */
    public static Block mlp(
            int hiddenDim,
            int outputDim,
            int hiddenLayers,
            boolean outputBatchNorm,
            boolean affineOutput) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < hiddenLayers; i++) {
            block.add(Linear.builder().setUnits(hiddenDim).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits(outputDim).optBias(!outputBatchNorm).build());
        if (outputBatchNorm) {
            block.add(BatchNorm.builder().optCenter(affineOutput).optScale(affineOutput).build());
        }
        return block;
    }
}
