package dev.streamssl.learner.optim;

import ai.djl.nn.Parameter;
import dev.streamssl.learner.state.NamedTensors;
import java.util.Map;

/**
 * An optimizer whose state is keyed by parameter name, so it can be checkpointed and restored into
 * a fresh process (DJL's own optimizers keep moments in private fields keyed by parameter ids,
 * which change from run to run). {@link #step} consumes and zeroes the gradients.
 */
public interface Optimizer extends AutoCloseable {
    /** Updates every parameter that has a gradient, in place, and zeroes its gradient. */
    void step(Map<String, Parameter> parameters, double learningRate);

    /**
     * Drops the state (moments) of every parameter whose name starts with {@code prefix}: a
     * re-initialised layer starts its optimisation afresh (DeepCluster's classifier after each
     * re-clustering).
     */
    void forget(String prefix);

    NamedTensors exportState();

    void loadState(NamedTensors state);

    @Override
    void close();
}
