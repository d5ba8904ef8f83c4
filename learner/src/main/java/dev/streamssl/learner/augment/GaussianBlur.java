package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.random.StreamRandom;

/**
 * Gaussian blur with a per-image σ, batched as two matrix products {@code G_b · X_b · G_bᵀ} with a
 * Toeplitz Gaussian matrix per image. SimCLR draws σ ∈ [0.1, 2.0] with a kernel of 10 % of the
 * image side at 224 pixels; here σ is given at 224 pixels and scaled with the view size (adapted:
 * the same relative blur on 28-pixel views as on 224-pixel ones), the kernel is cut at 10 % of the
 * side, and rows are renormalised at the borders (torchvision pads by reflection). Images not
 * selected get the identity matrix.
 */
public final class GaussianBlur {
    private GaussianBlur() {}

    public static NDArray apply(NDArray images, AugmentationSettings s, StreamRandom random) {
        int batch = (int) images.getShape().get(0);
        float[] sigma = new float[batch];
        boolean any = false;
        int size = (int) images.getShape().get(2);
        double scale = size / 224.0;
        for (int i = 0; i < batch; i++) {
            boolean on = random.bernoulli(s.blurProbability());
            double draw = random.uniform(s.blurSigmaMin(), s.blurSigmaMax());
            sigma[i] = on ? (float) (draw * scale) : 0f;
            any |= on;
        }
        return any ? apply(images, sigma) : images;
    }

    /** Blurs image i with σ_i pixels; σ = 0 leaves it unchanged. */
    public static NDArray apply(NDArray images, float[] sigma) {
        NDManager m = images.getManager();
        int batch = sigma.length;
        int size = (int) images.getShape().get(2);
        int radius = Math.max(1, (int) Math.round(0.05 * size));
        NDArray idx = m.arange(size).toType(DataType.FLOAT32, false);
        NDArray d = idx.reshape(1, size, 1).sub(idx.reshape(1, 1, size)); // (1, S, S)
        NDArray within = d.abs().lte((float) radius).toType(DataType.FLOAT32, false);
        float[] safe = new float[batch];
        float[] on = new float[batch];
        for (int i = 0; i < batch; i++) {
            safe[i] = sigma[i] > 0 ? sigma[i] : 1f;
            on[i] = sigma[i] > 0 ? 1f : 0f;
        }
        NDArray s = m.create(safe, new Shape(batch, 1, 1));
        NDArray g = d.square().div(s.square().mul(-2f)).exp().mul(within);
        g = g.div(g.sum(new int[] {2}, true));
        NDArray mask = m.create(on, new Shape(batch, 1, 1));
        NDArray eye = m.eye(size).expandDims(0);
        g = eye.add(mask.mul(g.sub(eye))).expandDims(1); // (B, 1, S, S)
        return g.matMul(images).matMul(g.transpose(0, 1, 3, 2));
    }
}
