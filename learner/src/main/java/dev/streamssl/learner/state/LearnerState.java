package dev.streamssl.learner.state;

/**
 * Everything a method needs to continue training exactly where it stopped: the step counter, the
 * random generator's state, the weights of every network (including BatchNorm running statistics
 * and EMA teachers), the optimizer's moments, and the method's own components (key queue, center,
 * centroids; empty for SimCLR).
 *
 * @param method name of the method that wrote the state; a restore into another method fails
 * @param step training steps done
 * @param randomState state of the learner's {@link dev.streamssl.learner.random.StreamRandom}
 * @param networks parameters of every network, by name
 * @param optimizer optimizer state (moments), by parameter name
 * @param components method-specific state components, by name
 */
public record LearnerState(
        String method,
        long step,
        long randomState,
        NamedTensors networks,
        NamedTensors optimizer,
        NamedTensors components) {}
