package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.streamssl.learner.random.StreamRandom;

/**
 * Two views of every image, each from its own pipeline (the same one for SimCLR and MoCo v2, two
 * different ones for BYOL's asymmetric pair).
 */
public final class TwoViewPolicy implements ViewPolicy {
    private final ViewPipeline first;
    private final ViewPipeline second;

    public TwoViewPolicy(ViewPipeline first, ViewPipeline second) {
        this.first = first;
        this.second = second;
    }

    public TwoViewPolicy(TwoViewAugmentation settings) {
        this(new ViewPipeline(settings.first()), new ViewPipeline(settings.second()));
    }

    @Override
    public NDList views(NDArray images, StreamRandom random) {
        return new NDList(first.apply(images, random), second.apply(images, random));
    }

    @Override
    public int viewCount() {
        return 2;
    }
}
