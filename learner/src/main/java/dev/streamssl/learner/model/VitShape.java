package dev.streamssl.learner.model;

/**
 * The size of a {@link VisionTransformer}.
 *
 * @param patchSize side of the square patches (16 on ImageNet; 4 for 28–32-pixel images)
 * @param dim token width D (ViT-Tiny 192, ViT-Small 384)
 * @param depth number of transformer blocks (12 for both)
 * @param heads attention heads (ViT-Tiny 3, ViT-Small 6); D must be a multiple
 */
public record VitShape(int patchSize, int dim, int depth, int heads) {
    public static final VitShape TINY = new VitShape(4, 192, 12, 3);

    public VitShape {
        if (patchSize < 1 || dim < 1 || depth < 1 || heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException(
                    "ViT needs patch, dim, depth, heads >= 1 and dim a multiple of heads, got patch "
                            + patchSize
                            + ", dim "
                            + dim
                            + ", depth "
                            + depth
                            + ", heads "
                            + heads);
        }
    }
}
