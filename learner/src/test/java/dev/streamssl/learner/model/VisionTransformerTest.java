package dev.streamssl.learner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.random.StreamRandom;
import org.junit.jupiter.api.Test;

class VisionTransformerTest {

    @Test
    void embedsGlobalAndLocalViewsAsTheClsToken() {
        try (NDManager m = NDManager.newBaseManager()) {
            VitShape shape = new VitShape(4, 24, 2, 3);
            Network vit = tiny(m, shape);
            NDArray global = vit.forward(m.randomUniform(0, 1, new Shape(5, 1, 16, 16)), true);
            assertThat(global.getShape()).isEqualTo(new Shape(5, 24));
            // local crops of 8 pixels: a 2×2 grid with interpolated position embeddings
            NDArray local = vit.forward(m.randomUniform(0, 1, new Shape(3, 1, 8, 8)), false);
            assertThat(local.getShape()).isEqualTo(new Shape(3, 24));
            // cls token, 16 position embeddings and the blocks' weights are all parameters
            assertThat(vit.parameters().keySet())
                    .anyMatch(k -> k.endsWith("cls"))
                    .anyMatch(k -> k.endsWith("position"));
            float[] position =
                    vit.parameters().entrySet().stream()
                            .filter(e -> e.getKey().endsWith("position"))
                            .findFirst()
                            .orElseThrow()
                            .getValue()
                            .getArray()
                            .toFloatArray();
            assertThat(position).hasSize((1 + 16) * 24);
        }
    }

    @Test
    void clsAttentionIsAMapOverThePatchesAndUniformWhenQueriesAndKeysAreZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            VitShape shape = new VitShape(4, 24, 2, 3);
            Network vit = tiny(m, shape);
            NDArray images = m.randomUniform(0, 1, new Shape(5, 1, 16, 16));
            NDArray maps = VisionTransformer.clsAttention(vit, images, shape.heads());
            // a 4×4 grid of patches; the [CLS] token's own share is left out, so 0 < sum < 1
            assertThat(maps.getShape()).isEqualTo(new Shape(5, 16));
            float[] sums = maps.sum(new int[] {1}).toFloatArray();
            for (float sum : sums) {
                assertThat(sum).isStrictlyBetween(0f, 1f);
            }
            // with the last block's Q K V projection zeroed, softmax(QKᵀ/√d) is uniform over the
            // 17 tokens: every patch gets 1/17
            ai.djl.nn.Block last =
                    vit.block().getChildren().values().get(vit.block().getChildren().size() - 4);
            ai.djl.nn.Block qkv = last.getChildren().values().get(0).getChildren().values().get(1);
            qkv.getParameters().values().forEach(p -> p.getArray().muli(0));
            float[] uniform =
                    VisionTransformer.clsAttention(vit, images, shape.heads()).toFloatArray();
            for (float w : uniform) {
                assertThat(w).isCloseTo(1f / 17, within(1e-6f));
            }
        }
    }

    @Test
    void bilinearWeightsSumToOneAndKeepTheGridWhenTheSizeIsTheSame() {
        float[] same = PatchEmbedding.bilinear(4, 4);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(same[i * 4 + j]).isEqualTo(i == j ? 1f : 0f);
            }
        }
        float[] down = PatchEmbedding.bilinear(7, 3);
        for (int i = 0; i < 3; i++) {
            double sum = 0;
            for (int j = 0; j < 7; j++) {
                sum += down[i * 7 + j];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-6));
        }
        // target 1 of 3 is centred on source 3 of 7
        assertThat(down[7 + 3]).isEqualTo(1f);
    }

    @Test
    void selfAttentionOfIdenticalTokensReturnsTheirValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            // every token the same: attention is uniform, the output is V
            float[] token = {1, 2, 3, 4, 5, 6};
            NDArray qkv = m.create(token).reshape(1, 1, 6).repeat(1, 3);
            NDArray out = VisionTransformer.selfAttention(qkv, 1);
            assertThat(out.getShape()).isEqualTo(new Shape(1, 3, 2));
            assertThat(out.toFloatArray()).containsExactly(5, 6, 5, 6, 5, 6);
        }
    }

    /** The ViT of these tests, on 16×16 grey images. */
    private static Network tiny(NDManager m, VitShape shape) {
        return new Network(
                "vit",
                VisionTransformer.build(shape),
                m,
                new Shape(2, 1, 16, 16),
                new StreamRandom(3));
    }
}
