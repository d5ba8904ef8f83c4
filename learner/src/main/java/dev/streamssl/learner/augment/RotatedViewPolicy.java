package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.streamssl.learner.random.StreamRandom;

/**
 * DeeperCluster's training view: one augmented view of every image (random resized crop and flip),
 * then rotated by 0°, 90°, 180° or 270° drawn per image ({@link RotationPolicy}). Returns the
 * rotated views and, as a second array, the rotation index of each image (int32, k × 90°), which is
 * half of the image's target.
 */
public final class RotatedViewPolicy implements ViewPolicy {
    private final ViewPipeline pipeline;

    public RotatedViewPolicy(AugmentationSettings settings) {
        this.pipeline = new ViewPipeline(settings);
    }

    @Override
    public NDList views(NDArray images, StreamRandom random) {
        RotationPolicy.Rotated rotated =
                RotationPolicy.apply(pipeline.apply(images, random), random);
        return new NDList(rotated.images(), images.getManager().create(rotated.rotations()));
    }

    @Override
    public int viewCount() {
        return 1;
    }
}
