package dev.streamssl.eval;

/**
 * The k most similar (cosine) bank vectors of each query, most similar first. {@link CosineTopK}
 * computes it in plain Java; where libtorch is at hand, a matrix-product implementation on the
 * engine serves large banks faster.
 */
public interface NeighbourSearch {
    /** Neighbours of one query: bank indices and cosine similarities, most similar first. */
    record Neighbours(int[] index, float[] similarity) {}

    Neighbours[] search(float[][] queries, int k);
}
