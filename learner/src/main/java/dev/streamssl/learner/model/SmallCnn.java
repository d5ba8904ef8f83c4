package dev.streamssl.learner.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The CPU default encoder for 28×28–32×32 input: three 3×3 conv–BN–ReLU layers (32, 64, 128
 * filters) with 2×2 max-pooling after the first two, then global average pooling to a
 * 128-dimensional representation. Small enough to train online on two cores.
 */
public final class SmallCnn {
    public static final int FEATURE_DIM = 128;

    private SmallCnn() {}

    public static Block build() {
        SequentialBlock net = new SequentialBlock();
        int[] filters = {32, 64, 128};
        for (int i = 0; i < filters.length; i++) {
            net.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(3, 3))
                                    .optPadding(new Shape(1, 1))
                                    .optBias(false)
                                    .setFilters(filters[i])
                                    .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
            if (i < filters.length - 1) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        return net;
    }
}
