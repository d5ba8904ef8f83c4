package dev.streamssl.learner.augment;

import dev.streamssl.learner.random.StreamRandom;

/**
 * A crop rectangle in input pixels, drawn as torchvision's {@code RandomResizedCrop.get_params}
 * does: up to ten tries of an area fraction from [scaleMin, scaleMax] and a log-uniform aspect
 * ratio from [ratioMin, ratioMax], falling back to the largest centred crop whose ratio is in
 * range.
 */
public record CropBox(double top, double left, double height, double width) {

    public static CropBox full(int height, int width) {
        return new CropBox(0, 0, height, width);
    }

    public static CropBox draw(int height, int width, AugmentationSettings s, StreamRandom random) {
        double area = (double) height * width;
        double logRatioMin = Math.log(s.cropRatioMin());
        double logRatioMax = Math.log(s.cropRatioMax());
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * random.uniform(s.cropScaleMin(), s.cropScaleMax());
            double ratio = Math.exp(random.uniform(logRatioMin, logRatioMax));
            long w = Math.round(Math.sqrt(targetArea * ratio));
            long h = Math.round(Math.sqrt(targetArea / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int top = random.nextInt((int) (height - h + 1));
                int left = random.nextInt((int) (width - w + 1));
                return new CropBox(top, left, h, w);
            }
        }
        double inRatio = (double) width / height;
        double w;
        double h;
        if (inRatio < s.cropRatioMin()) {
            w = width;
            h = Math.round(w / s.cropRatioMin());
        } else if (inRatio > s.cropRatioMax()) {
            h = height;
            w = Math.round(h * s.cropRatioMax());
        } else {
            w = width;
            h = height;
        }
        return new CropBox((height - h) / 2.0, (width - w) / 2.0, h, w);
    }
}
