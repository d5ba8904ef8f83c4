package dev.streamssl.learner.state;

import java.util.Map;

/**
 * A piece of a method's own state that is neither a network nor an optimizer moment — MoCo's key
 * queue and pointer, DINO's center, cluster centroids — saved with the learner and restored
 * exactly. Its tensors are named {@code <component name>/<part>}; it owns native arrays while the
 * learner runs and gives them out as plain {@link TensorData}, so nothing native reaches Flink
 * state.
 */
public interface StateComponent {
    /** The prefix of this component's tensors in a {@link LearnerState}. */
    String name();

    /** Adds this component's tensors, named {@code name()/...}, to {@code out}. */
    void save(Map<String, TensorData> out);

    /** Takes this component's tensors back from a saved state; all must be present. */
    void restore(NamedTensors saved);

    /**
     * Whether data-parallel replicas average this component with the weights (a statistic of the
     * whole stream, such as DINO's center) rather than keep one each (a queue of their own keys).
     */
    default boolean averagedAcrossReplicas() {
        return false;
    }
}
