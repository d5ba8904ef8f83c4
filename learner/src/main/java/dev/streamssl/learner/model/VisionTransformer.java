package dev.streamssl.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;

/**
 * A Vision Transformer (Dosovitskiy et al., ICLR 2021) as DINO uses it (its {@code
 * vision_transformer.py}): {@link PatchEmbedding}, then {@code depth} pre-norm blocks
 *
 * <pre>
 *   x ← x + Proj(MultiHeadSelfAttention(LN(x)))      x ← x + FC₂(GELU(FC₁(LN(x))))
 * </pre>
 *
 * with an MLP of 4·D, a final LayerNorm, and the [CLS] token's output as the representation (D
 * dimensions). No BatchNorm anywhere, which is why DINO pairs it with centring instead of batch
 * statistics. ViT-Tiny is D = 192, 12 blocks, 3 heads; for 28–32-pixel images a patch size of 4
 * gives a 7×7 or 8×8 grid. No dropout or stochastic depth (DINO's ViT-Tiny/Small use none by
 * default, {@code drop_path_rate=0.1} for ViT-S is left out).
 */
public final class VisionTransformer {
    private VisionTransformer() {}

    public static Block build(VitShape shape) {
        SequentialBlock net =
                new SequentialBlock().add(new PatchEmbedding(shape.patchSize(), shape.dim()));
        for (int i = 0; i < shape.depth(); i++) {
            net.add(residual(attention(shape.dim(), shape.heads())));
            net.add(residual(mlp(shape.dim())));
        }
        net.add(layerNorm());
        net.add(LambdaBlock.singleton(x -> x.get(":, 0, :"), "cls-token"));
        return net;
    }

    private static Block attention(int dim, int heads) {
        return new SequentialBlock()
                .add(layerNorm())
                .add(Linear.builder().setUnits(3L * dim).build())
                .add(LambdaBlock.singleton(qkv -> selfAttention(qkv, heads), "self-attention"))
                .add(Linear.builder().setUnits(dim).build());
    }

    /**
     * softmax(Q Kᵀ / √d_h) V per head, with Q, K, V the three thirds of {@code qkv} (B, T, 3D);
     * returns (B, T, D) with the heads concatenated.
     */
    static NDArray selfAttention(NDArray qkv, int heads) {
        long b = qkv.getShape().get(0);
        long t = qkv.getShape().get(1);
        long dim = qkv.getShape().get(2) / 3;
        NDArray v = headsOf(qkv, heads).get(2);
        return attentionWeights(qkv, heads).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, dim);
    }

    /** softmax(Q Kᵀ / √d_h) of {@code qkv} (B, T, 3D): (B, H, T, T), each row summing to 1. */
    static NDArray attentionWeights(NDArray qkv, int heads) {
        long headDim = qkv.getShape().get(2) / 3 / heads;
        NDArray split = headsOf(qkv, heads);
        NDArray q = split.get(0); // (B, H, T, d_h)
        NDArray k = split.get(1);
        return q.matMul(k.transpose(0, 1, 3, 2)).mul(1 / Math.sqrt(headDim)).softmax(-1);
    }

    /** Q, K, V split into heads: (3, B, H, T, d_h). */
    private static NDArray headsOf(NDArray qkv, int heads) {
        long b = qkv.getShape().get(0);
        long t = qkv.getShape().get(1);
        long headDim = qkv.getShape().get(2) / 3 / heads;
        return qkv.reshape(b, t, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
    }

    /**
     * The last block's attention of the [CLS] token to every patch, averaged over the heads: (B,
     * number of patches), in the patch grid's row-major order. DINO (Caron et al. 2021, Fig. 1)
     * shows that for a self-supervised ViT these maps outline the object without any label. Runs
     * the network's blocks up to the last attention, whose weights it returns instead of using
     * them.
     */
    public static NDArray clsAttention(Network network, NDArray images, int heads) {
        List<Block> blocks = network.block().getChildren().values();
        // [patch embedding, (attention, MLP) × depth, LayerNorm, CLS]: the last attention is 4th
        // from the end
        int last = blocks.size() - 4;
        NDArray x = images;
        for (int i = 0; i < last; i++) {
            x = network.forward(blocks.get(i), x);
        }
        Block branch = blocks.get(last).getChildren().values().get(0);
        List<Block> parts = branch.getChildren().values(); // LayerNorm, QKV, attention, proj
        NDArray qkv = network.forward(parts.get(1), network.forward(parts.get(0), x));
        return attentionWeights(qkv, heads).get(":, :, 0, 1:").mean(new int[] {1});
    }

    private static Block mlp(int dim) {
        return new SequentialBlock()
                .add(layerNorm())
                .add(Linear.builder().setUnits(4L * dim).build())
                .add(Activation.geluBlock())
                .add(Linear.builder().setUnits(dim).build());
    }

    private static Block layerNorm() {
        return LayerNorm.builder().axis(2).optEpsilon(1e-6f).build();
    }

    private static Block residual(Block branch) {
        return new ParallelBlock(
                list ->
                        new NDList(
                                list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(branch, Blocks.identityBlock()));
    }
}
