package dev.streamssl.learner.cluster;

/** Row-major flattening of float matrices, the form in which they travel as tensors. */
public final class Matrices {
    private Matrices() {}

    public static float[] flatten(float[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        float[] out = new float[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * cols, cols);
        }
        return out;
    }

    public static float[][] unflatten(float[] values, int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(values, i * cols, out[i], 0, cols);
        }
        return out;
    }

    static float squaredDistance(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /** Index of the row of {@code centroids} nearest to {@code x} (squared L2). */
    static int nearest(float[] x, float[][] centroids) {
        int best = 0;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int k = 0; k < centroids.length; k++) {
            float d = squaredDistance(x, centroids[k]);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }
}
