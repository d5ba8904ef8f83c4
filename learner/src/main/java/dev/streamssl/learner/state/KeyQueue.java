package dev.streamssl.learner.state;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.random.StreamRandom;
import dev.streamssl.learner.torch.GradMode;
import java.util.Map;

/**
 * MoCo's dictionary (He et al., CVPR 2020, §3.2): a first-in-first-out queue of the K most recent
 * keys, a ring buffer of K × D normalised vectors with a pointer to the oldest one. Each step
 * enqueues the batch's keys over the oldest entries, after the step's logits are computed, so the
 * current keys are never their own negatives. K need not be a multiple of the batch size (the
 * official code asserts it is): a batch that passes the end wraps around to the start, and a batch
 * larger than K keeps its last K keys. The queue starts as random unit vectors, as in the paper.
 */
public final class KeyQueue implements StateComponent {
    private final String name;
    private final NDManager manager;
    private final int size;
    private final int dim;
    private NDArray keys;
    private int pointer;
    // keys enqueued so far, up to the size: the queue holds only real keys once it reaches it
    private int written;

    public KeyQueue(String name, NDManager parent, int size, int dim, StreamRandom random) {
        if (size < 1 || dim < 1) {
            throw new IllegalArgumentException(
                    "key queue needs size and dimension >= 1, got " + size + " × " + dim);
        }
        this.name = name;
        this.manager = parent.newSubManager();
        this.size = size;
        this.dim = dim;
        float[] init = new float[size * dim];
        for (int i = 0; i < size; i++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                float v = (float) random.nextGaussian();
                init[i * dim + d] = v;
                norm += v * v;
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < dim; d++) {
                init[i * dim + d] *= scale;
            }
        }
        this.keys = create(init);
    }

    /** The K × D keys; read-only for callers (the negatives of a step). */
    public NDArray keys() {
        return keys;
    }

    public int pointer() {
        return pointer;
    }

    public int size() {
        return size;
    }

    /** Writes the batch's keys (B, D) over the oldest entries and moves the pointer. */
    public void enqueue(NDArray batch) {
        GradMode.disable();
        int b = (int) batch.getShape().get(0);
        if (batch.getShape().get(1) != dim) {
            throw new IllegalArgumentException(
                    "keys of dimension " + batch.getShape().get(1) + " for a queue of " + dim);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray incoming = batch.stopGradient();
            if (b > size) {
                incoming = incoming.get((b - size) + ":");
                b = size;
            }
            int first = Math.min(b, size - pointer);
            keys.set(new NDIndex(pointer + ":" + (pointer + first)), incoming.get("0:" + first));
            if (first < b) {
                keys.set(new NDIndex("0:" + (b - first)), incoming.get(first + ":"));
            }
        }
        pointer = (pointer + b) % size;
        written = Math.min(size, written + b);
    }

    /**
     * Whether every entry is an enqueued key rather than a random starting vector (SwAV uses its
     * queue only from then on).
     */
    public boolean full() {
        return written == size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void save(Map<String, TensorData> out) {
        out.put(name + "/keys", new TensorData(new long[] {size, dim}, keys.toFloatArray()));
        out.put(name + "/pointer", new TensorData(new long[] {1}, new float[] {pointer}));
        out.put(name + "/written", new TensorData(new long[] {1}, new float[] {written}));
    }

    @Override
    public void restore(NamedTensors saved) {
        TensorData k = saved.require(name + "/keys");
        TensorData p = saved.require(name + "/pointer");
        if (k.shape().length != 2 || k.shape()[0] != size || k.shape()[1] != dim) {
            throw new IllegalArgumentException(
                    "saved key queue is "
                            + java.util.Arrays.toString(k.shape())
                            + ", configured "
                            + size
                            + " × "
                            + dim
                            + " (was moco.queue-size changed?)");
        }
        keys.close();
        keys = create(k.values());
        pointer = (int) p.values()[0];
        // a queue saved before the count was kept had run for a while: taken as full
        TensorData w = saved.asMap().get(name + "/written");
        written = w == null ? size : (int) w.values()[0];
    }

    private NDArray create(float[] values) {
        NDArray a = manager.create(values, new Shape(size, dim));
        NDScope.unregister(a);
        return a;
    }
}
