package dev.streamssl.learner.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * ResNet-18 of He et al., "Deep Residual Learning for Image Recognition" (CVPR 2016): basic blocks
 * (two 3×3 convolutions) in four stages of two blocks with 64, 128, 256, 512 filters, projection
 * shortcuts (1×1 conv + BN) where the shape changes, global average pooling to 512 dimensions;
 * 11.18 M learnable parameters without the classifier (torchvision's resnet18 has 11.69 M with its
 * 1000-way fc). DJL's own {@code ResNetV1} with 18 layers uses bottleneck blocks and is a different
 * network.
 *
 * <p>The CIFAR stem (SimCLR appendix B.9, used by solo-learn and lightly for 32×32 input) replaces
 * the 7×7 stride-2 convolution and max-pool with one 3×3 stride-1 convolution.
 */
public final class ResNet18 {
    public static final int FEATURE_DIM = 512;

    private ResNet18() {}

    public static Block build(boolean cifarStem) {
        SequentialBlock net = new SequentialBlock();
        if (cifarStem) {
            net.add(conv(64, 3, 1, 1));
        } else {
            net.add(conv(64, 7, 2, 3));
        }
        net.add(BatchNorm.builder().build()).add(Activation.reluBlock());
        if (!cifarStem) {
            net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        }
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < widths.length; stage++) {
            int stride = stage == 0 ? 1 : 2;
            net.add(basicBlock(widths[stage], stride, stage > 0));
            net.add(basicBlock(widths[stage], 1, false));
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        return net;
    }

    private static Block basicBlock(int filters, int stride, boolean projectShortcut) {
        SequentialBlock residual =
                new SequentialBlock()
                        .add(conv(filters, 3, stride, 1))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(conv(filters, 3, 1, 1))
                        .add(BatchNorm.builder().build());
        Block shortcut =
                projectShortcut
                        ? new SequentialBlock()
                                .add(conv(filters, 1, stride, 0))
                                .add(BatchNorm.builder().build())
                        : Blocks.identityBlock();
        return new SequentialBlock()
                .add(new ParallelBlock(ResNet18::sum, List.of(residual, shortcut)))
                .add(Activation.reluBlock());
    }

    private static NDList sum(List<NDList> branches) {
        return new NDList(
                branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
    }

    private static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .setFilters(filters)
                .build();
    }
}
