package dev.streamssl.learner.continual;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.state.StateComponent;

/**
 * The method a strategy is attached to, as far as the strategy may change it: networks and state
 * added here are trained, checkpointed, restored and averaged across replicas with the method's
 * own.
 */
public interface NetworkHost {
    /** A network the optimizer trains with the method's. */
    Network trained(String name, Block block, Shape inputShape);

    /** A frozen copy of {@code source}, changed only by {@link Network#copyFrom}. */
    Network frozenCopy(String name, Network source, Block block, Shape inputShape);

    /** State of the strategy's own, saved and restored with the learner. */
    <C extends StateComponent> C component(C component);
}
