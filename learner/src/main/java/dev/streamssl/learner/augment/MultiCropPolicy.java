package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.streamssl.learner.random.StreamRandom;

/**
 * DINO's multi-crop (Caron et al. 2021, §3.1; Caron et al. 2020, SwAV): two global views and M
 * local views at a smaller size, returned in the order global 1, global 2, local 1..M. Each view of
 * the batch is one batched pipeline run.
 */
public final class MultiCropPolicy implements ViewPolicy {
    private final ViewPipeline global1;
    private final ViewPipeline global2;
    private final ViewPipeline local;
    private final int localCount;

    public MultiCropPolicy(MultiCropAugmentation settings) {
        this.global1 = new ViewPipeline(settings.global1());
        this.global2 = new ViewPipeline(settings.global2());
        this.local = new ViewPipeline(settings.local());
        this.localCount = settings.localCount();
    }

    @Override
    public NDList views(NDArray images, StreamRandom random) {
        NDList views = new NDList(global1.apply(images, random), global2.apply(images, random));
        for (int i = 0; i < localCount; i++) {
            views.add(local.apply(images, random));
        }
        return views;
    }

    @Override
    public int viewCount() {
        return 2 + localCount;
    }
}
