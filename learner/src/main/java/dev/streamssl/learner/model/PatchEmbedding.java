package dev.streamssl.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The input of a Vision Transformer (Dosovitskiy et al., ICLR 2021, eq. 1): the image cut into P×P
 * patches, each linearly projected to D dimensions (a P×P convolution with stride P), a learnt
 * [CLS] token in front, and learnt position embeddings added: (B, C, H, W) → (B, 1 + HW/P², D).
 *
 * <p>The position embeddings are learnt for the grid of the size the block is initialised with (the
 * global views). Other sizes (DINO's local crops) get them interpolated bilinearly to their grid,
 * as DINO's {@code interpolate_pos_encoding} does (bicubically there); the [CLS] position is kept.
 * The interpolation is a product with two small matrices, so gradients flow through it.
 */
public final class PatchEmbedding extends AbstractBlock {
    private final int patchSize;
    private final int dim;
    private final Conv2d projection;
    private final Parameter cls;
    private final Parameter position;

    public PatchEmbedding(int patchSize, int dim) {
        this.patchSize = patchSize;
        this.dim = dim;
        this.projection =
                addChildBlock(
                        "projection",
                        Conv2d.builder()
                                .setKernelShape(new Shape(patchSize, patchSize))
                                .optStride(new Shape(patchSize, patchSize))
                                .setFilters(dim)
                                .build());
        // OTHER parameters are drawn from N(0, 0.02²) by TorchDefaultInit, as DINO initialises them
        this.cls =
                addParameter(
                        Parameter.builder()
                                .setName("cls")
                                .setType(Parameter.Type.OTHER)
                                .optInitializer(new ConstantInitializer(0))
                                .build());
        this.position =
                addParameter(
                        Parameter.builder()
                                .setName("position")
                                .setType(Parameter.Type.OTHER)
                                .optInitializer(new ConstantInitializer(0))
                                .build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long side = inputShapes[0].get(2);
        if (side % patchSize != 0 || inputShapes[0].get(3) != side) {
            throw new IllegalArgumentException(
                    "a ViT with patch size "
                            + patchSize
                            + " needs square inputs whose side is a multiple of it, got "
                            + inputShapes[0]);
        }
        int grid = (int) (side / patchSize);
        cls.setShape(new Shape(1, 1, dim));
        position.setShape(new Shape(1, 1 + (long) grid * grid, dim));
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        projection.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long g = inputShapes[0].get(2) / patchSize;
        return new Shape[] {new Shape(inputShapes[0].get(0), 1 + g * g, dim)};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        long batch = images.getShape().get(0);
        NDArray patches =
                projection.forward(store, inputs, training).singletonOrThrow(); // (B, D, g, g)
        int g = (int) patches.getShape().get(2);
        NDArray tokens = patches.reshape(batch, dim, (long) g * g).transpose(0, 2, 1); // (B, g², D)
        NDArray c = store.getValue(cls, images.getDevice(), training);
        NDArray p = store.getValue(position, images.getDevice(), training);
        NDArray x = c.broadcast(new Shape(batch, 1, dim)).concat(tokens, 1); // (B, 1 + g², D)
        return new NDList(x.add(g == learntGrid(p) ? p : interpolate(p, g)));
    }

    /**
     * The side of the grid the position embeddings were learnt for, from their shape: a block whose
     * parameters were loaded (an exported encoder, {@code Model.load}) was never prepared, so the
     * field set in {@link #prepare} is not to be relied on.
     */
    private static int learntGrid(NDArray p) {
        return (int) Math.round(Math.sqrt(p.getShape().get(1) - 1));
    }

    /** Position embeddings (1, 1 + G², D) resampled to a g×g grid: Pg = A · P · Aᵀ per dim. */
    private NDArray interpolate(NDArray p, int g) {
        int grid = learntGrid(p);
        NDManager m = p.getManager();
        NDArray clsPosition = p.get(":, 0:1, :");
        NDArray patches = p.get(":, 1:, :").reshape(grid, grid, dim); // (G, G, D)
        NDArray a = m.create(bilinear(grid, g), new Shape(g, grid)); // (g, G)
        // rows: (g, G) x (G, G·D) -> (g, G, D); columns likewise over the second grid axis
        NDArray rows = a.matMul(patches.reshape(grid, (long) grid * dim)).reshape(g, grid, dim);
        NDArray both =
                a.matMul(rows.transpose(1, 0, 2).reshape(grid, (long) g * dim))
                        .reshape(g, g, dim)
                        .transpose(1, 0, 2); // (g, g, D)
        return clsPosition.concat(both.reshape(1, (long) g * g, dim), 1);
    }

    /**
     * Weights of bilinear resampling from n to m samples with half-pixel centres (PyTorch's {@code
     * align_corners=False}): row i holds the weights of the source samples for target i.
     */
    static float[] bilinear(int n, int m) {
        float[] w = new float[m * n];
        double scale = (double) n / m;
        for (int i = 0; i < m; i++) {
            double source = Math.max((i + 0.5) * scale - 0.5, 0);
            int lower = Math.min((int) Math.floor(source), n - 1);
            int upper = Math.min(lower + 1, n - 1);
            double frac = source - lower;
            w[i * n + lower] += (float) (1 - frac);
            w[i * n + upper] += (float) frac;
        }
        return w;
    }
}
