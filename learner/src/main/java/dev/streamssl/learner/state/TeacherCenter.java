package dev.streamssl.learner.state;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.torch.GradMode;
import java.util.Map;

/**
 * DINO's center c (Caron et al., ICCV 2021, §3.1): an exponential moving average of the teacher's
 * outputs over the batch, subtracted from them before the softmax,
 *
 * <pre>
 *   c ← m · c + (1 − m) · 1/B Σ_i g_t(x_i)
 * </pre>
 *
 * over the teacher outputs of all global views of the step (B = 2N), with m = 0.9 in the paper.
 * Starts at zero, as the official {@code DINOLoss} does.
 */
public final class TeacherCenter implements StateComponent {
    private final String name;
    private final NDManager manager;
    private final int dim;
    private final double momentum;
    private NDArray center;

    public TeacherCenter(String name, NDManager parent, int dim, double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(
                    "center momentum must be in [0, 1), got " + momentum);
        }
        this.name = name;
        this.manager = parent.newSubManager();
        this.dim = dim;
        this.momentum = momentum;
        this.center = create(new float[dim]);
    }

    /** The (1, K) center, read-only for callers. */
    public NDArray value() {
        return center;
    }

    /** Moves the center towards the batch mean of the teacher outputs (each (N, K)). */
    public void update(NDList teacherOutputs) {
        GradMode.disable();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray all = NDArrays.concat(teacherOutputs).stopGradient();
            NDArray batchCenter = all.mean(new int[] {0}, true);
            center.muli(momentum).addi(batchCenter.mul(1 - momentum));
        }
    }

    /** The official code all-reduces the batch center over GPUs every step; replicas average. */
    @Override
    public boolean averagedAcrossReplicas() {
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void save(Map<String, TensorData> out) {
        out.put(name + "/center", new TensorData(new long[] {1, dim}, center.toFloatArray()));
    }

    @Override
    public void restore(NamedTensors saved) {
        TensorData c = saved.require(name + "/center");
        if (c.values().length != dim) {
            throw new IllegalArgumentException(
                    "saved center has " + c.values().length + " dimensions, configured " + dim);
        }
        center.close();
        center = create(c.values());
    }

    private NDArray create(float[] values) {
        NDArray a = manager.create(values, new Shape(1, dim));
        NDScope.unregister(a);
        return a;
    }
}
