package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Crop, resize and flip of a whole batch as two batched matrix products, {@code Y_b = A_b · X_b ·
 * B_bᵀ}, with a different crop box and flip per image.
 *
 * <p>Row o of A_b (and of B_b) holds the weights of input pixels j for output pixel o: a triangle
 * (bilinear) filter centred on the source coordinate {@code src = top + (o + ½)·h/out − ½}, widened
 * by the shrink factor {@code s = max(h/out, 1)} so that shrinking averages over all covered pixels
 * (antialiasing, as torchvision's {@code antialias=True}), then normalised to sum to one. A flip
 * reverses the output index of B_b. The matrices are built on the images' device from per-image
 * parameters, so there is no per-pixel or per-image work on the JVM.
 */
public final class Resampler {
    private Resampler() {}

    /**
     * @param images (B, C, H, W) float images
     * @param top, left, height, width per-image crop boxes in input pixels, each of length B
     * @param flip per-image horizontal flip, 1 or 0
     * @return (B, C, outSize, outSize)
     */
    public static NDArray cropResizeFlip(
            NDArray images,
            float[] top,
            float[] left,
            float[] height,
            float[] width,
            float[] flip,
            int outSize) {
        NDManager m = images.getManager();
        Shape shape = images.getShape();
        int batch = (int) shape.get(0);
        NDArray rows =
                weights(m, batch, top, height, new float[batch], outSize, (int) shape.get(2));
        NDArray cols = weights(m, batch, left, width, flip, outSize, (int) shape.get(3));
        // (B,1,out,H) x (B,C,H,W) -> (B,C,out,W); x (B,1,W,out) -> (B,C,out,out)
        return rows.expandDims(1).matMul(images).matMul(cols.transpose(0, 2, 1).expandDims(1));
    }

    /**
     * The whole of each image resized to {@code outSize × outSize} with the same antialiasing
     * filter: for square images, torchvision's {@code Resize} + {@code CenterCrop} at that size.
     * Images already of that size are returned as they are.
     *
     * @param images (B, C, H, W) float images
     */
    public static NDArray resize(NDArray images, int outSize) {
        Shape shape = images.getShape();
        int batch = (int) shape.get(0);
        float height = shape.get(2);
        float width = shape.get(3);
        if (height == outSize && width == outSize) {
            return images;
        }
        float[] zero = new float[batch];
        float[] h = new float[batch];
        float[] w = new float[batch];
        java.util.Arrays.fill(h, height);
        java.util.Arrays.fill(w, width);
        return cropResizeFlip(images, zero, zero, h, w, zero, outSize);
    }

    /** Interpolation matrices, (B, out, in). */
    static NDArray weights(
            NDManager m, int batch, float[] start, float[] length, float[] flip, int out, int in) {
        NDArray start3 = m.create(start, new Shape(batch, 1, 1));
        NDArray length3 = m.create(length, new Shape(batch, 1, 1));
        NDArray flip3 = m.create(flip, new Shape(batch, 1, 1));
        NDArray o =
                m.arange(out)
                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .reshape(1, out, 1);
        // flipped output index: out - 1 - o where flip = 1
        NDArray index = o.add(flip3.mul(o.mul(-2).add(out - 1)));
        NDArray step = length3.div(out);
        NDArray source = start3.add(index.add(0.5f).mul(step)).sub(0.5f);
        NDArray support = step.maximum(1f);
        NDArray j =
                m.arange(in).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(1, 1, in);
        NDArray w = source.sub(j).abs().div(support).neg().add(1f).maximum(0f);
        return w.div(w.sum(new int[] {2}, true).maximum(1e-12f));
    }
}
