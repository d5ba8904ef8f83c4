package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.streamssl.learner.random.StreamRandom;

/**
 * One view's recipe, applied to a whole batch on its device, in the papers' order: random resized
 * crop + flip (one batched resample), colour jitter in random order, random grayscale, Gaussian
 * blur, solarization, normalisation. Each image gets its own random parameters, all drawn from the
 * learner's {@link StreamRandom} in a fixed order, so the same generator state gives the same view
 * bit for bit on CPU.
 */
public final class ViewPipeline {
    private final AugmentationSettings settings;

    public ViewPipeline(AugmentationSettings settings) {
        this.settings = settings;
    }

    public AugmentationSettings settings() {
        return settings;
    }

    /**
     * @param images (B, C, H, W) float images in [0, 1]
     * @return (B, C, outputSize, outputSize), normalised
     */
    public NDArray apply(NDArray images, StreamRandom random) {
        NDArray view;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            view = compute(images, random);
        }
        NDScope.register(view);
        return view;
    }

    private NDArray compute(NDArray images, StreamRandom random) {
        int batch = (int) images.getShape().get(0);
        int height = (int) images.getShape().get(2);
        int width = (int) images.getShape().get(3);
        float[] top = new float[batch];
        float[] left = new float[batch];
        float[] h = new float[batch];
        float[] w = new float[batch];
        float[] flip = new float[batch];
        for (int i = 0; i < batch; i++) {
            CropBox box = CropBox.draw(height, width, settings, random);
            top[i] = (float) box.top();
            left[i] = (float) box.left();
            h[i] = (float) box.height();
            w[i] = (float) box.width();
            flip[i] = random.bernoulli(settings.flipProbability()) ? 1f : 0f;
        }
        NDArray cropped =
                Resampler.cropResizeFlip(images, top, left, h, w, flip, settings.outputSize());
        NDArray x = ColorJitter.apply(cropped, settings, random);
        x = PixelOps.randomGrayscale(x, settings.grayscaleProbability(), random);
        x = GaussianBlur.apply(x, settings, random);
        x = PixelOps.randomSolarize(x, settings.solarizeProbability(), random);
        NDArray view = Normalize.apply(x, settings.mean(), settings.std());
        // free this view's intermediates now; the view itself lives until the step ends
        NDScope.unregister(view);
        return view;
    }
}
