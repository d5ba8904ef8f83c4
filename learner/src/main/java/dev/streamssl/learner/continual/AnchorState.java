package dev.streamssl.learner.continual;

import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.StateComponent;
import dev.streamssl.learner.state.TensorData;
import java.util.Map;

/**
 * The two facts about CaSSLe's frozen copy that its weights do not tell: whether it holds learnt
 * weights yet (a warm start or a refresh; before that it is the random initialisation and the term
 * is off), and whether a refresh was asked for and not yet done. Checkpointed, so that a restored
 * learner distils exactly when the one before the failure would have.
 */
final class AnchorState implements StateComponent {
    static final String NAME = "cassle-anchor";

    boolean anchored;
    boolean requested;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void save(Map<String, TensorData> out) {
        out.put(
                NAME + "/flags",
                new TensorData(new long[] {2}, new float[] {anchored ? 1 : 0, requested ? 1 : 0}));
    }

    @Override
    public void restore(NamedTensors saved) {
        TensorData flags = saved.get(NAME + "/flags");
        if (flags == null) {
            throw new IllegalArgumentException(
                    "the state has no " + NAME + " (saved without continual.strategy=cassle?)");
        }
        anchored = flags.values()[0] != 0;
        requested = flags.values()[1] != 0;
    }
}
