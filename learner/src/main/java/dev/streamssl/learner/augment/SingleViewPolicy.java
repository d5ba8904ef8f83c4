package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.streamssl.learner.random.StreamRandom;

/**
 * One augmented view of every image: the clustering methods, which train a classifier on
 * pseudo-labels rather than compare views (DeepCluster: random resized crop and flip; Self-Label:
 * its ImageNet augmentation).
 */
public final class SingleViewPolicy implements ViewPolicy {
    private final ViewPipeline pipeline;

    public SingleViewPolicy(AugmentationSettings settings) {
        this.pipeline = new ViewPipeline(settings);
    }

    @Override
    public NDList views(NDArray images, StreamRandom random) {
        return new NDList(pipeline.apply(images, random));
    }

    @Override
    public int viewCount() {
        return 1;
    }
}
