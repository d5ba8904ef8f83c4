package dev.streamssl.bench;

import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.CropBox;
import dev.streamssl.learner.random.StreamRandom;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;

/**
 * The benchmark's baseline: the same view pipeline done the straightforward way, one image at a
 * time on the JVM heap with Java2D (crop and resize by {@code drawImage}, flip by drawing mirrored,
 * blur by {@code ConvolveOp}) and per-pixel loops for colour. Not used for training; it exists to
 * measure what batching on the device buys.
 */
final class BufferedImageAugmenter {
    private BufferedImageAugmenter() {}

    /** One view of one image, as normalised floats in CHW order. */
    static float[] view(BufferedImage image, AugmentationSettings s, StreamRandom random) {
        int out = s.outputSize();
        CropBox box = CropBox.draw(image.getHeight(), image.getWidth(), s, random);
        boolean flip = random.bernoulli(s.flipProbability());
        BufferedImage v = new BufferedImage(out, out, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = v.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int x0 = (int) box.left();
        int y0 = (int) box.top();
        int x1 = x0 + (int) box.width();
        int y1 = y0 + (int) box.height();
        if (flip) {
            g.drawImage(image, out, 0, 0, out, x0, y0, x1, y1, null);
        } else {
            g.drawImage(image, 0, 0, out, out, x0, y0, x1, y1, null);
        }
        g.dispose();
        if (random.bernoulli(s.jitterProbability())) {
            jitter(
                    v,
                    (float) random.uniform(1 - s.brightness(), 1 + s.brightness()),
                    (float) random.uniform(1 - s.contrast(), 1 + s.contrast()),
                    (float) random.uniform(1 - s.saturation(), 1 + s.saturation()),
                    (float) random.uniform(-s.hue(), s.hue()));
        }
        if (random.bernoulli(s.grayscaleProbability())) {
            grey(v);
        }
        if (random.bernoulli(s.blurProbability())) {
            double sigma = random.uniform(s.blurSigmaMin(), s.blurSigmaMax()) * out / 224.0;
            v = blur(v, (float) sigma);
        }
        boolean solarize = random.bernoulli(s.solarizeProbability());
        return toFloats(v, solarize, s.mean(), s.std());
    }

    private static void jitter(BufferedImage v, float b, float c, float sat, float hue) {
        int w = v.getWidth();
        int h = v.getHeight();
        double mean = 0;
        float[] hsb = new float[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = v.getRGB(x, y);
                mean += luma(rgb);
            }
        }
        mean /= (w * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = v.getRGB(x, y);
                float r = ((rgb >> 16) & 0xFF) / 255f * b;
                float gr = ((rgb >> 8) & 0xFF) / 255f * b;
                float bl = (rgb & 0xFF) / 255f * b;
                r = (float) (c * r + (1 - c) * mean / 255);
                gr = (float) (c * gr + (1 - c) * mean / 255);
                bl = (float) (c * bl + (1 - c) * mean / 255);
                float l = 0.299f * r + 0.587f * gr + 0.114f * bl;
                r = sat * r + (1 - sat) * l;
                gr = sat * gr + (1 - sat) * l;
                bl = sat * bl + (1 - sat) * l;
                Color.RGBtoHSB(to8(r), to8(gr), to8(bl), hsb);
                v.setRGB(x, y, Color.HSBtoRGB((hsb[0] + hue + 1) % 1, hsb[1], hsb[2]));
            }
        }
    }

    private static void grey(BufferedImage v) {
        for (int y = 0; y < v.getHeight(); y++) {
            for (int x = 0; x < v.getWidth(); x++) {
                int l = (int) Math.round(luma(v.getRGB(x, y)));
                v.setRGB(x, y, (l << 16) | (l << 8) | l);
            }
        }
    }

    private static BufferedImage blur(BufferedImage v, float sigma) {
        int radius = Math.max(1, Math.round(0.05f * v.getWidth()));
        int size = 2 * radius + 1;
        float[] k = new float[size];
        float sum = 0;
        for (int i = 0; i < size; i++) {
            float d = i - radius;
            k[i] = (float) Math.exp(-d * d / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        BufferedImage horizontal =
                new ConvolveOp(new Kernel(size, 1, k), ConvolveOp.EDGE_NO_OP, null).filter(v, null);
        return new ConvolveOp(new Kernel(1, size, k), ConvolveOp.EDGE_NO_OP, null)
                .filter(horizontal, null);
    }

    private static float[] toFloats(BufferedImage v, boolean solarize, float[] mean, float[] std) {
        int w = v.getWidth();
        int h = v.getHeight();
        int channels = mean.length;
        float[] out = new float[channels * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = v.getRGB(x, y);
                float[] px =
                        channels == 1
                                ? new float[] {(float) (luma(rgb) / 255)}
                                : new float[] {
                                    ((rgb >> 16) & 0xFF) / 255f,
                                    ((rgb >> 8) & 0xFF) / 255f,
                                    (rgb & 0xFF) / 255f
                                };
                for (int ch = 0; ch < channels; ch++) {
                    float value = solarize && px[ch] >= 0.5f ? 1 - px[ch] : px[ch];
                    out[(ch * h + y) * w + x] = (value - mean[ch]) / std[ch];
                }
            }
        }
        return out;
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }

    private static int to8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
