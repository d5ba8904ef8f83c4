package dev.streamssl.learner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.streamssl.learner.random.StreamRandom;

/**
 * How a method turns one batch of images into its views: two symmetric views (SimCLR, MoCo), an
 * asymmetric pair (BYOL), or multi-crop (DINO). Views are returned in a fixed order; a view policy
 * draws all its random parameters from the given generator.
 */
public interface ViewPolicy {
    /**
     * @param images (B, C, H, W) float images in [0, 1] on the learner's device
     * @return the views, each (B, C, h, w)
     */
    NDList views(NDArray images, StreamRandom random);

    /** Number of views {@link #views} returns. */
    int viewCount();
}
