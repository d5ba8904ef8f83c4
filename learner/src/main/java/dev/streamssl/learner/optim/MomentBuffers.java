package dev.streamssl.learner.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Long-lived per-parameter tensors of an optimizer (momentum, second moments), keyed by {@code
 * <kind>/<parameter name>} and held in the optimizer's own manager, outside every per-step scope.
 */
final class MomentBuffers implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    MomentBuffers(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** The buffer for a parameter, created as zeros of its shape on first use. */
    NDArray get(String kind, String parameter, Shape shape) {
        return buffers.computeIfAbsent(
                kind + "/" + parameter,
                k -> {
                    NDArray zeros = manager.zeros(shape);
                    NDScope.unregister(zeros);
                    return zeros;
                });
    }

    boolean contains(String kind, String parameter) {
        return buffers.containsKey(kind + "/" + parameter);
    }

    /** Closes and drops the buffers of every parameter whose name starts with the prefix. */
    void forget(String parameterPrefix) {
        var it = buffers.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            String parameter = e.getKey().substring(e.getKey().indexOf('/') + 1);
            if (parameter.startsWith(parameterPrefix)) {
                e.getValue().close();
                it.remove();
            }
        }
    }

    NamedTensors export() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : buffers.entrySet()) {
            out.put(
                    e.getKey(),
                    new TensorData(
                            e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
        }
        return new NamedTensors(out);
    }

    void load(NamedTensors state, String kindPrefix) {
        for (Map.Entry<String, TensorData> e : state.asMap().entrySet()) {
            if (!e.getKey().startsWith(kindPrefix)) {
                continue;
            }
            NDArray old = buffers.remove(e.getKey());
            if (old != null) {
                old.close();
            }
            NDArray a = manager.create(e.getValue().values(), new Shape(e.getValue().shape()));
            NDScope.unregister(a);
            buffers.put(e.getKey(), a);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
