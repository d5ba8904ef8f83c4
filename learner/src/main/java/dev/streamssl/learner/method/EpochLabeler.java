package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.augment.Normalize;
import dev.streamssl.learner.cluster.Matrices;
import dev.streamssl.learner.cluster.RowMemory;
import dev.streamssl.learner.model.Network;
import java.util.Arrays;

/**
 * DeepCluster's "epoch" on a stream: the network that computes the clustering features stays fixed
 * between two re-clusterings, as in the paper, where the features of the whole data set are
 * computed once per epoch by the network of that moment and the pseudo-labels then stay fixed while
 * the network trains on them.
 *
 * <p>It holds a frozen copy of the encoder and the projector, taken at every re-clustering ({@link
 * #refresh}), and a memory of the most recent un-augmented images (not their features), which the
 * fresh copy re-embeds: the stream's "features of the data set by the current network". Between
 * re-clusterings the new images are labelled through the same frozen copy, so an image's
 * pseudo-label does not depend on the steps taken since; labelled through the live network instead,
 * the classifier's own updates moved images between clusters every step, and the labels it chased
 * moved with it (measured: DeepCluster's kNN accuracy then fell below the untrained encoder's).
 */
final class EpochLabeler {
    private final Network encoder;
    private final Network projector;
    private final Network frozenEncoder;
    private final Network frozenProjector;
    private final RowMemory images;
    private final long[] imageShape;
    private final float[] mean;
    private final float[] std;
    private final int chunk;

    /**
     * @param images the memory of recent images, registered as the method's state
     * @param imageShape (C, H, W) of the un-augmented images
     * @param chunk images per forward pass when the memory is re-embedded
     */
    EpochLabeler(
            Network encoder,
            Network projector,
            Network frozenEncoder,
            Network frozenProjector,
            RowMemory images,
            long[] imageShape,
            float[] mean,
            float[] std,
            int chunk) {
        this.encoder = encoder;
        this.projector = projector;
        this.frozenEncoder = frozenEncoder;
        this.frozenProjector = frozenProjector;
        this.images = images;
        this.imageShape = imageShape.clone();
        this.mean = mean;
        this.std = std;
        this.chunk = chunk;
    }

    /** Keeps the batch's un-augmented images (N, C, H, W) for the next re-clustering. */
    void remember(NDArray batch) {
        images.add(ClusteringMethod.rows(batch.reshape(batch.getShape().get(0), -1)));
    }

    /**
     * Takes a new frozen copy of the live networks and returns the features it gives the images in
     * memory, oldest first: what a re-clustering clusters.
     */
    float[][] refresh(NDManager manager) {
        frozenEncoder.copyFrom(encoder);
        frozenProjector.copyFrom(projector);
        return embedMemory(frozenEncoder, frozenProjector, manager);
    }

    /**
     * The features of the images in memory, oldest first, by the frozen copy (what the method
     * labels them by) and by the live networks (what a model snapshot carries).
     */
    MemoryFeatures memoryFeatures(NDManager manager) {
        return new MemoryFeatures(
                embedMemory(frozenEncoder, frozenProjector, manager),
                embedMemory(encoder, projector, manager));
    }

    /** The memory's features by two networks, row for row. */
    record MemoryFeatures(float[][] frozen, float[][] live) {}

    private float[][] embedMemory(Network e, Network p, NDManager manager) {
        float[][] rows = images.rows();
        float[][] out = new float[rows.length][];
        for (int start = 0; start < rows.length; start += chunk) {
            int n = Math.min(chunk, rows.length - start);
            float[] flat = Matrices.flatten(Arrays.copyOfRange(rows, start, start + n));
            try (NDManager part = manager.newSubManager()) {
                NDArray batch =
                        part.create(
                                flat, new Shape(n, imageShape[0], imageShape[1], imageShape[2]));
                float[][] f = ClusteringMethod.rows(projected(e, p, batch));
                System.arraycopy(f, 0, out, start, n);
            }
        }
        return out;
    }

    /** Clustering features of un-augmented images (N, C, H, W) by the frozen copy. */
    float[][] features(NDArray batch) {
        return ClusteringMethod.rows(projected(batch));
    }

    /** The frozen copy's projected features (N, 128) of un-augmented images, inference mode. */
    NDArray projected(NDArray batch) {
        return projected(frozenEncoder, frozenProjector, batch);
    }

    private NDArray projected(Network e, Network p, NDArray batch) {
        return p.forward(e.forward(Normalize.apply(batch, mean, std), false), false);
    }
}
