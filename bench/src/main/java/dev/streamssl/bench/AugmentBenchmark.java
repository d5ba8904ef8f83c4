package dev.streamssl.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.MultiCropAugmentation;
import dev.streamssl.learner.augment.MultiCropPolicy;
import dev.streamssl.learner.augment.TwoViewAugmentation;
import dev.streamssl.learner.augment.TwoViewPolicy;
import dev.streamssl.learner.augment.ViewPolicy;
import dev.streamssl.learner.method.Devices;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.torch.GradMode;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Images per second of a view policy, batched on the device, next to the per-image {@link
 * BufferedImageAugmenter} baseline of the same pipeline, measured in the same run. 28-pixel input
 * is grey (Fashion-MNIST), other sizes RGB. Each source image yields all the policy's views.
 */
public final class AugmentBenchmark {
    private AugmentBenchmark() {}

    /** Result of a run. */
    public record Result(
            double imagesPerSecond, double baselineImagesPerSecond, double msPerBatch) {}

    public static Result run(
            String policy, int size, int batch, int iterations, String device, PrintStream out) {
        int channels = size == 28 ? 1 : 3;
        float[] mean = channels == 1 ? new float[] {0.5f} : new float[] {0.5f, 0.5f, 0.5f};
        float[] std = mean.clone();
        List<AugmentationSettings> views = views(policy, size, mean, std);
        ViewPolicy batched = policy(policy, size, mean, std);
        ImageBatch images = TrainStepBenchmark.randomBatch(batch, channels, size, 21);

        GradMode.disable();
        Device d = Devices.resolve(device);
        double msPerBatch;
        try (NDManager manager = NDManager.newBaseManager(d)) {
            StreamRandom random = new StreamRandom(1);
            for (int i = 0; i < 2; i++) {
                augmentOnce(manager, images, batched, random);
            }
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                augmentOnce(manager, images, batched, random);
            }
            msPerBatch = (System.nanoTime() - start) / 1e6 / iterations;
        }
        double imagesPerSecond = batch / (msPerBatch / 1000);
        out.printf(
                "device %s: %.1f ms per batch of %d (%d views each)%n",
                d, msPerBatch, batch, batched.viewCount());

        List<BufferedImage> java2d = toBufferedImages(images);
        StreamRandom random = new StreamRandom(1);
        long start = System.nanoTime();
        int done = 0;
        // the baseline is slow at large sizes: time at least one pass and a second
        while (done < batch || System.nanoTime() - start < 1_000_000_000L) {
            BufferedImage image = java2d.get(done % batch);
            for (AugmentationSettings v : views) {
                BufferedImageAugmenter.view(image, v, random);
            }
            done++;
        }
        double baseline = done / ((System.nanoTime() - start) / 1e9);
        out.printf(
                "baseline (BufferedImage, per image): %d images in %.1f s%n",
                done, done / baseline);
        return new Result(imagesPerSecond, baseline, msPerBatch);
    }

    private static void augmentOnce(
            NDManager manager, ImageBatch images, ViewPolicy policy, StreamRandom random) {
        try (NDManager step = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList views = policy.views(images.toFloat(step), random);
            // force completion on an asynchronous device
            views.get(views.size() - 1).get(0, 0, 0, 0).getFloat();
        }
    }

    static List<AugmentationSettings> views(String policy, int size, float[] mean, float[] std) {
        if (policy.equals("dino")) {
            MultiCropAugmentation m = AugmentationPresets.dino(size, localSize(size), 8, mean, std);
            List<AugmentationSettings> all = new ArrayList<>(List.of(m.global1(), m.global2()));
            for (int i = 0; i < m.localCount(); i++) {
                all.add(m.local());
            }
            return all;
        }
        TwoViewAugmentation two = twoViews(policy, size, mean, std);
        return List.of(two.first(), two.second());
    }

    static ViewPolicy policy(String policy, int size, float[] mean, float[] std) {
        if (policy.equals("dino")) {
            return new MultiCropPolicy(
                    AugmentationPresets.dino(size, localSize(size), 8, mean, std));
        }
        return new TwoViewPolicy(twoViews(policy, size, mean, std));
    }

    private static TwoViewAugmentation twoViews(
            String policy, int size, float[] mean, float[] std) {
        return switch (policy) {
            case "simclr" -> AugmentationPresets.simclr(size, mean, std);
            case "moco" -> AugmentationPresets.moco(size, mean, std);
            case "byol" -> AugmentationPresets.byol(size, mean, std);
            default ->
                    throw new IllegalArgumentException(
                            "--policy must be simclr, moco, byol or dino, got '" + policy + "'");
        };
    }

    /** DINO's 96/224 local-to-global ratio; the small-image pairs 28/12 and 32/16. */
    static int localSize(int globalSize) {
        return switch (globalSize) {
            case 28 -> 12;
            case 32 -> 16;
            default -> Math.max(4, Math.round(globalSize * 96f / 224));
        };
    }

    private static List<BufferedImage> toBufferedImages(ImageBatch batch) {
        List<BufferedImage> out = new ArrayList<>();
        int plane = batch.height() * batch.width();
        byte[] p = batch.pixels();
        for (int i = 0; i < batch.size(); i++) {
            BufferedImage image =
                    new BufferedImage(batch.width(), batch.height(), BufferedImage.TYPE_INT_RGB);
            int base = i * batch.channels() * plane;
            for (int j = 0; j < plane; j++) {
                int r = p[base + j] & 0xFF;
                int g = batch.channels() == 3 ? p[base + plane + j] & 0xFF : r;
                int b = batch.channels() == 3 ? p[base + 2 * plane + j] & 0xFF : r;
                image.setRGB(j % batch.width(), j / batch.width(), (r << 16) | (g << 8) | b);
            }
            out.add(image);
        }
        return out;
    }
}
