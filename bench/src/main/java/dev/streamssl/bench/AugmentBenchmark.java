package dev.streamssl.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.streamssl.learner.augment.AugmentationPreset;
import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.MultiCropAugmentation;
import dev.streamssl.learner.augment.MultiCropPolicy;
import dev.streamssl.learner.augment.Presets;
import dev.streamssl.learner.augment.SingleViewPolicy;
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
import java.util.Collections;
import java.util.List;

/**
 * Images per second of a view policy, batched on the device, next to the per-image {@link
 * BufferedImageAugmenter} baseline of the same pipeline, measured in the same run. The policy is
 * any preset of the registry ({@link Presets}). 28-pixel input is grey (Fashion-MNIST), other sizes
 * RGB. Each source image yields all the policy's views.
 */
public final class AugmentBenchmark {
    /** Local views of a multi-crop preset: DINO's official default (the SwAV paper takes 6). */
    static final int LOCAL_VIEWS = 8;

    private AugmentBenchmark() {}

    /** Result of a run. */
    public record Result(
            double imagesPerSecond, double baselineImagesPerSecond, double msPerBatch) {}

    public static Result run(
            String policy, int size, int batch, int iterations, String device, PrintStream out) {
        int channels = size == 28 ? 1 : 3;
        float[] mean = channels == 1 ? new float[] {0.5f} : new float[] {0.5f, 0.5f, 0.5f};
        float[] std = mean.clone();
        Pipeline pipeline = pipeline(policy, size, mean, std);
        List<AugmentationSettings> views = pipeline.views();
        ViewPolicy batched = pipeline.policy();
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

    /** A preset's views of one image, in the order its policy returns them, and the policy. */
    record Pipeline(List<AugmentationSettings> views, ViewPolicy policy) {}

    /**
     * The registered preset {@code name} at side {@code size}; a multi-crop preset with {@link
     * #LOCAL_VIEWS} local views of side {@link #localSize} and the paper's local crop scale.
     */
    static Pipeline pipeline(String name, int size, float[] mean, float[] std) {
        AugmentationPreset preset;
        try {
            preset = Presets.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--policy: " + e.getMessage(), e);
        }
        if (preset instanceof AugmentationPreset.MultiCrop multi) {
            MultiCropAugmentation m =
                    multi.factory()
                            .create(
                                    size,
                                    localSize(size),
                                    LOCAL_VIEWS,
                                    multi.localScaleMax(),
                                    mean,
                                    std);
            List<AugmentationSettings> all = new ArrayList<>(List.of(m.global1(), m.global2()));
            all.addAll(Collections.nCopies(m.localCount(), m.local()));
            return new Pipeline(all, new MultiCropPolicy(m));
        }
        if (preset instanceof AugmentationPreset.TwoViews two) {
            TwoViewAugmentation t = two.factory().create(size, mean, std);
            return new Pipeline(List.of(t.first(), t.second()), new TwoViewPolicy(t));
        }
        AugmentationSettings one =
                ((AugmentationPreset.OneView) preset).factory().create(size, mean, std);
        return new Pipeline(List.of(one), new SingleViewPolicy(one));
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
