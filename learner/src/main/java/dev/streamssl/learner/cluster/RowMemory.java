package dev.streamssl.learner.cluster;

import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.StateComponent;
import dev.streamssl.learner.state.TensorData;
import java.util.Map;

/**
 * The most recent {@code capacity} rows of a stream of vectors, a ring buffer: the clustering
 * methods' memory of recent images (the stream's stand-in for "the data set", re-embedded and
 * re-clustered every R steps) and Self-Label's queue of recent logits (so that Sinkhorn-Knopp
 * balances more points than one batch). Recent rather than a uniform reservoir: the stream's data
 * set is what it shows now.
 */
public final class RowMemory implements StateComponent {
    private final String name;
    private final int capacity;
    private final int dim;
    private final float[][] rows;
    private int filled;
    private int pointer;

    public RowMemory(String name, int capacity, int dim) {
        if (capacity < 1 || dim < 1) {
            throw new IllegalArgumentException(
                    "memory needs capacity and dimension >= 1, got " + capacity + " × " + dim);
        }
        this.name = name;
        this.capacity = capacity;
        this.dim = dim;
        this.rows = new float[capacity][dim];
    }

    /** Adds rows, overwriting the oldest once full. */
    public void add(float[][] batch) {
        for (float[] row : batch) {
            if (row.length != dim) {
                throw new IllegalArgumentException(
                        "rows of " + row.length + " for a memory of dimension " + dim);
            }
            System.arraycopy(row, 0, rows[pointer], 0, dim);
            pointer = (pointer + 1) % capacity;
            filled = Math.min(filled + 1, capacity);
        }
    }

    /** Forgets every row. */
    public void clear() {
        filled = 0;
        pointer = 0;
    }

    /** The rows held, oldest first. */
    public float[][] rows() {
        float[][] out = new float[filled][];
        int start = filled < capacity ? 0 : pointer;
        for (int i = 0; i < filled; i++) {
            out[i] = rows[(start + i) % capacity].clone();
        }
        return out;
    }

    public int size() {
        return filled;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void save(Map<String, TensorData> out) {
        float[] flat = new float[capacity * dim];
        for (int i = 0; i < capacity; i++) {
            System.arraycopy(rows[i], 0, flat, i * dim, dim);
        }
        out.put(name + "/rows", new TensorData(new long[] {capacity, dim}, flat));
        out.put(name + "/filled", new TensorData(new long[] {1}, new float[] {filled}));
        out.put(name + "/pointer", new TensorData(new long[] {1}, new float[] {pointer}));
    }

    @Override
    public void restore(NamedTensors saved) {
        TensorData r = saved.require(name + "/rows");
        if (r.shape()[0] != capacity || r.shape()[1] != dim) {
            throw new IllegalArgumentException(
                    "saved "
                            + name
                            + " holds "
                            + r.shape()[0]
                            + " × "
                            + r.shape()[1]
                            + ", configured "
                            + capacity
                            + " × "
                            + dim);
        }
        for (int i = 0; i < capacity; i++) {
            System.arraycopy(r.values(), i * dim, rows[i], 0, dim);
        }
        filled = (int) saved.require(name + "/filled").values()[0];
        pointer = (int) saved.require(name + "/pointer").values()[0];
    }
}
