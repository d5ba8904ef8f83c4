package dev.streamssl.learner.cluster;

import dev.streamssl.learner.metrics.SymmetricEigen;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.StateComponent;
import dev.streamssl.learner.state.TensorData;
import java.util.Map;

/**
 * DeepCluster's feature preprocessing (Caron et al., ECCV 2018; the official {@code
 * preprocess_features}: faiss {@code PCAMatrix(d, 256, eigen_power=-0.5)}, then L2 normalisation),
 * kept up to date on a stream:
 *
 * <pre>
 *   y = normalise( U_p · diag(λ_1..λ_p)^(−1/2) · U_pᵀ · (x − μ) )
 * </pre>
 *
 * with U_p the top p eigenvectors of the feature covariance and λ their eigenvalues. A direction
 * whose eigenvalue is below 10⁻⁵ of the largest is left out: DeeperCluster's PCA floors such
 * eigenvalues there, but keeps 256 of 4096 directions, among which a dead one does not come; here p
 * is all 128 of the projector's, and a direction the features do not span (a memory of 64 repeated
 * images spans 63 of them) whitened at the floor multiplied what an image outside the memory has
 * there by 300 times the top direction's scale, which then decided its nearest centroid (measured:
 * 32 held-out images after 16 steps of DeepCluster and DeeperCluster on 64 repeated images, 0 to
 * 1.65 bits of cluster entropy in seven runs, all 32 in one cluster in one; 2.1 to 2.8 bits with
 * the dead directions left out).
 *
 * <p>Adapted to a stream: μ and the covariance are exponential moving averages over batches ({@link
 * #observe}), and the transform is refit from them ({@link #refit}) every step, so that it follows
 * the features as the encoder learns (refit only when the clustering was redone, a stale whitening
 * turned the drift of the features into a collapse of the assignments onto two clusters). The
 * centroids live in the whitened space across refits, so the whitened coordinates must not depend
 * on how an eigen-decomposition happens to come out: the official code keeps the PCA coordinates
 * U_pᵀ(x − μ), whose axes flip sign and rotate within nearly equal eigenvalues from one fit to the
 * next — harmless when everything is re-clustered after each fit, but refit every step it scrambled
 * the nearest centroids (DeepCluster's classifier stayed at chance, loss ≈ ln k, even on
 * un-augmented views). The transform is therefore mapped back by U_p: distances and norms, hence
 * the clustering, are those of the PCA coordinates, and the matrix depends only on the covariance.
 */
public final class Whitening implements StateComponent {
    private final String name;
    private final int inputDim;
    private final int rank;
    private final double decay;
    private final double[] mean;
    private final double[][] covariance;
    private boolean observed;
    private float[] fittedMean;
    private float[][] projection;

    /**
     * @param rank p, the PCA dimension (256 in DeepCluster; at most {@code inputDim})
     * @param decay weight of the old statistics per batch, in [0, 1)
     */
    public Whitening(String name, int inputDim, int rank, double decay) {
        if (rank < 1 || rank > inputDim) {
            throw new IllegalArgumentException(
                    "PCA dimension must be in [1, " + inputDim + "], got " + rank);
        }
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
        }
        this.name = name;
        this.inputDim = inputDim;
        this.rank = rank;
        this.decay = decay;
        this.mean = new double[inputDim];
        this.covariance = new double[inputDim][inputDim];
        this.fittedMean = new float[inputDim];
        this.projection = new float[inputDim][inputDim];
        for (int i = 0; i < inputDim; i++) {
            projection[i][i] = 1;
        }
    }

    /** Width of the whitened vectors: the input's (of rank p). */
    public int dim() {
        return inputDim;
    }

    /** p, the PCA dimension. */
    public int rank() {
        return rank;
    }

    /** Folds a batch of features into the running mean and covariance. */
    public void observe(float[][] batch) {
        int n = batch.length;
        double[] batchMean = new double[inputDim];
        for (float[] x : batch) {
            for (int d = 0; d < inputDim; d++) {
                batchMean[d] += x[d] / (double) n;
            }
        }
        double[][] batchCov = new double[inputDim][inputDim];
        double[] centred = new double[inputDim];
        for (float[] x : batch) {
            for (int d = 0; d < inputDim; d++) {
                centred[d] = x[d] - batchMean[d];
            }
            for (int i = 0; i < inputDim; i++) {
                double ci = centred[i] / n;
                double[] row = batchCov[i];
                for (int j = i; j < inputDim; j++) {
                    row[j] += ci * centred[j];
                }
            }
        }
        double keep = observed ? decay : 0;
        for (int i = 0; i < inputDim; i++) {
            for (int j = i; j < inputDim; j++) {
                // the mixture's covariance: within-batch spread plus the spread of the two means
                double between =
                        keep * (1 - keep) * (mean[i] - batchMean[i]) * (mean[j] - batchMean[j]);
                // float precision, as saved, so that a restored learner continues bit for bit
                double v =
                        (float) (keep * covariance[i][j] + (1 - keep) * batchCov[i][j] + between);
                covariance[i][j] = v;
                covariance[j][i] = v;
            }
        }
        for (int d = 0; d < inputDim; d++) {
            mean[d] = (float) (keep * mean[d] + (1 - keep) * batchMean[d]);
        }
        observed = true;
    }

    /** Forgets the running statistics and fits the transform to these rows alone. */
    public void fit(float[][] rows) {
        observed = false;
        observe(rows);
        refit();
    }

    /** Recomputes the transform U_p · Λ_p^(−1/2) · U_pᵀ from the running statistics. */
    public void refit() {
        SymmetricEigen.Result eigen = SymmetricEigen.of(covariance);
        double floor = Math.max(eigen.values()[0], 1e-12) * 1e-5;
        double[][] p = new double[inputDim][inputDim];
        for (int k = 0; k < rank && eigen.values()[k] >= floor; k++) {
            double scale = 1 / Math.sqrt(eigen.values()[k]);
            double[] u = eigen.vectors()[k];
            for (int i = 0; i < inputDim; i++) {
                double ui = u[i] * scale;
                for (int j = 0; j < inputDim; j++) {
                    p[i][j] += ui * u[j];
                }
            }
        }
        float[][] matrix = new float[inputDim][inputDim];
        float[] m = new float[inputDim];
        for (int i = 0; i < inputDim; i++) {
            for (int j = 0; j < inputDim; j++) {
                matrix[i][j] = (float) p[i][j];
            }
            m[i] = (float) mean[i];
        }
        this.projection = matrix;
        this.fittedMean = m;
    }

    /** The fitted transform of each row, L2-normalised. */
    public float[][] apply(float[][] x) {
        return apply(x, fittedMean, projection);
    }

    /** The transform given by its mean and projection (an embedder's copy of it). */
    static float[][] apply(float[][] x, float[] mean, float[][] projection) {
        int out = projection.length;
        int in = mean.length;
        float[][] y = new float[x.length][out];
        double[] centred = new double[in];
        for (int n = 0; n < x.length; n++) {
            for (int d = 0; d < in; d++) {
                centred[d] = x[n][d] - mean[d];
            }
            double norm = 0;
            for (int i = 0; i < out; i++) {
                double v = 0;
                float[] row = projection[i];
                for (int d = 0; d < in; d++) {
                    v += row[d] * centred[d];
                }
                y[n][i] = (float) v;
                norm += v * v;
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int i = 0; i < out; i++) {
                y[n][i] *= scale;
            }
        }
        return y;
    }

    /** The fitted transform as tensors ({@code prefix/mean}, {@code prefix/projection}). */
    public void exportTransform(String prefix, Map<String, TensorData> out) {
        out.put(prefix + "/mean", new TensorData(new long[] {inputDim}, fittedMean.clone()));
        out.put(
                prefix + "/projection",
                new TensorData(new long[] {inputDim, inputDim}, Matrices.flatten(projection)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void save(Map<String, TensorData> out) {
        float[] m = new float[inputDim];
        float[] c = new float[inputDim * inputDim];
        for (int i = 0; i < inputDim; i++) {
            m[i] = (float) mean[i];
            for (int j = 0; j < inputDim; j++) {
                c[i * inputDim + j] = (float) covariance[i][j];
            }
        }
        out.put(name + "/running-mean", new TensorData(new long[] {inputDim}, m));
        out.put(name + "/running-covariance", new TensorData(new long[] {inputDim, inputDim}, c));
        out.put(name + "/observed", new TensorData(new long[] {1}, new float[] {observed ? 1 : 0}));
        exportTransform(name, out);
    }

    @Override
    public void restore(NamedTensors saved) {
        float[] m = saved.require(name + "/running-mean").values();
        float[] c = saved.require(name + "/running-covariance").values();
        if (m.length != inputDim) {
            throw new IllegalArgumentException(
                    "saved whitening has input dimension " + m.length + ", configured " + inputDim);
        }
        for (int i = 0; i < inputDim; i++) {
            mean[i] = m[i];
            for (int j = 0; j < inputDim; j++) {
                covariance[i][j] = c[i * inputDim + j];
            }
        }
        observed = saved.require(name + "/observed").values()[0] > 0;
        fittedMean = saved.require(name + "/mean").values().clone();
        TensorData p = saved.require(name + "/projection");
        if (p.shape()[0] != inputDim) {
            throw new IllegalArgumentException(
                    "saved whitening maps to "
                            + p.shape()[0]
                            + " dimensions, this version to "
                            + inputDim
                            + " (a snapshot from before the whitening was kept in input"
                            + " coordinates: start the learner afresh)");
        }
        projection = Matrices.unflatten(p.values(), inputDim, inputDim);
    }
}
