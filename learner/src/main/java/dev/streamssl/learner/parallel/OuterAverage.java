package dev.streamssl.learner.parallel;

import dev.streamssl.learner.state.NamedTensors;

/**
 * Periodic model averaging (local SGD; McMahan et al.'s FedAvg with every replica taking part): θ̄ᵣ
 * = θ̂ᵣ, the replicas' mean. No state. With one replica the round changes nothing, bit for bit.
 */
public final class OuterAverage implements OuterOptimizer {
    @Override
    public NamedTensors step(NamedTensors anchor, NamedTensors mean) {
        return mean;
    }

    @Override
    public boolean needsAnchor() {
        return false;
    }

    @Override
    public NamedTensors state() {
        return NamedTensors.empty();
    }

    @Override
    public void restore(NamedTensors state) {}
}
