package dev.streamssl.learner.cluster;

import dev.streamssl.learner.state.TensorData;
import java.util.Map;

/**
 * The clusters a model snapshot carries, in the feature space of the network the snapshot carries.
 * DeepCluster's pseudo-labels come from a frozen copy of the network taken at the last
 * re-clustering, its whitening and its centroids; the snapshot carries the live network, whose
 * features drift away from the frozen copy's with every step, so the frozen space's whitening and
 * centroids do not fit them (measured on Fashion-MNIST, 59 steps after a re-clustering, PCA
 * dimension 16: the live features' nearest frozen-space centroid was the image's own pseudo-label
 * for 6 images in 32, and five of the ten clusters took all 32). The clusters are therefore carried
 * over to the live space through the images in memory: the whitening is fit to the live network's
 * features of them, and each centroid is the mean of the whitened live features of the images the
 * method's clustering gives that label now:
 *
 * <pre>
 *   c_k = mean { W(x_live(i)) : label(i) = k }     label(i) = nearest frozen-space centroid
 * </pre>
 *
 * the k-means mean step in the live space. An embedder then assigns a new image with one forward
 * pass of the network it holds. A label no image in memory has gets a centroid at distance 3 or
 * more from every unit vector, so that no image is assigned it (a mean of unit vectors lies within
 * distance 2 of all of them).
 */
public final class SnapshotClusters {
    private static final float UNREACHABLE = 4;

    private final Whitening whitening;
    private final float[][] whitened;

    /**
     * @param liveFeatures the features of the images in memory by the network the snapshot carries
     * @param rank the whitening's PCA dimension (the method's own)
     */
    public SnapshotClusters(float[][] liveFeatures, int rank) {
        if (liveFeatures.length == 0) {
            throw new IllegalArgumentException(
                    "snapshot clusters need the features of some images");
        }
        this.whitening = new Whitening("snapshot", liveFeatures[0].length, rank, 0);
        whitening.fit(liveFeatures);
        this.whitened = whitening.apply(liveFeatures);
    }

    /** The live space's whitening ({@code prefix/mean}, {@code prefix/projection}). */
    public void exportTransform(String prefix, Map<String, TensorData> out) {
        whitening.exportTransform(prefix, out);
    }

    /**
     * The k centroids of the images' labels, as the tensor {@code name}: the mean of each label's
     * whitened live features.
     *
     * @param labels one label in [0, k) per image in memory, in the order of the features
     */
    public void exportCentroids(String name, int[] labels, int k, Map<String, TensorData> out) {
        if (labels.length != whitened.length) {
            throw new IllegalArgumentException(
                    labels.length + " labels for " + whitened.length + " images");
        }
        int dim = whitening.dim();
        float[][] centroids = new float[k][dim];
        double[][] sums = new double[k][dim];
        int[] counts = new int[k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of image " + i + " is not in [0, " + k + ")");
            }
            counts[labels[i]]++;
            for (int d = 0; d < dim; d++) {
                sums[labels[i]][d] += whitened[i][d];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                centroids[c][0] = UNREACHABLE;
                continue;
            }
            for (int d = 0; d < dim; d++) {
                centroids[c][d] = (float) (sums[c][d] / counts[c]);
            }
        }
        out.put(name, new TensorData(new long[] {k, dim}, Matrices.flatten(centroids)));
    }
}
