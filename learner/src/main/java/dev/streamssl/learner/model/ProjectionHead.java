package dev.streamssl.learner.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The MLP projection head g of SimCLR (Chen et al., ICML 2020, §2.1): Linear → BN → ReLU → Linear,
 * mapping the representation h to the space z where the contrastive loss is applied. Embeddings for
 * downstream use are h, not z (the paper's §4.2 shows h is the better representation).
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
}
