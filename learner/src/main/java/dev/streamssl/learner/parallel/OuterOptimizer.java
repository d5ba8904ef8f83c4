package dev.streamssl.learner.parallel;

import dev.streamssl.learner.state.NamedTensors;

/**
 * How a round's result θ̄ᵣ follows from the previous one θ̄ᵣ₋₁ (the anchor) and the replicas' mean
 * θ̂ᵣ, for the trained parameters ({@link ReplicaSync} gives it only those; the rest of the
 * averaged state takes the mean). Every replica runs the same outer optimizer on the same inputs,
 * so they end the round on the same weights; its state is checkpointed with each replica.
 */
public interface OuterOptimizer {
    /** θ̄ᵣ; updates the optimizer's own state. */
    NamedTensors step(NamedTensors anchor, NamedTensors mean);

    /** Whether {@link #step} reads the anchor (the replicas keep a copy of θ̄ᵣ₋₁ only then). */
    boolean needsAnchor();

    NamedTensors state();

    void restore(NamedTensors state);

    /**
     * {@code average} (local SGD / FedAvg: θ̄ᵣ = θ̂ᵣ) or {@code nesterov} (DiLoCo's outer step with
     * learning rate {@code learningRate} and momentum {@code momentum}).
     */
    static OuterOptimizer fromConfigName(String name, double learningRate, double momentum) {
        return switch (name) {
            case "average" -> new OuterAverage();
            case "nesterov" -> new OuterNesterov(learningRate, momentum);
            default ->
                    throw new IllegalArgumentException(
                            "learner.outer-optimizer = '"
                                    + name
                                    + "' is not known; allowed: average, nesterov");
        };
    }
}
