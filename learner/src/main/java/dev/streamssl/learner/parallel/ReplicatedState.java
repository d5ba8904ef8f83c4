package dev.streamssl.learner.parallel;

import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which part of a method's {@link LearnerState} the replicas average, which of that the outer step
 * moves, and putting an average back.
 *
 * <p>Averaged: every network's tensors (trained weights, EMA teachers, frozen copies, BatchNorm
 * running statistics: the EMA and the running statistics are linear in the weights they follow, so
 * their mean is what one learner on all the images would approach), and the state components the
 * method marks as global (DINO's center, which the official code all-reduces every step). Kept per
 * replica: the optimizer's moments (local SGD keeps them local), the step counter, the random
 * generator and the other components (MoCo's key queue: each replica's queue holds the keys of its
 * own images).
 *
 * <p>Of the averaged tensors, only the trained parameters of the trained networks ({@link
 * #trainedPart}) take the outer optimizer's step; DiLoCo's outer gradient is a difference of
 * weights that gradients moved. The others follow no gradient and take the replicas' plain mean:
 * Nesterov momentum on them would overshoot the mean (a running variance of 1 whose replicas hold
 * 0.1 lands at 1 − 0.7·(0.9 + 0.9·0.9) = −0.197), and an EMA teacher or a center moved by momentum
 * is no longer the average of what the replicas computed.
 *
 * <p>In the returned tensors, networks are named {@code network:<name>} and components {@code
 * component:<name>}.
 */
public final class ReplicatedState {
    private static final String NETWORK = "network:";
    private static final String COMPONENT = "component:";

    private ReplicatedState() {}

    /** The averaged part of {@code state}; {@code global} tells a global component's tensors. */
    public static NamedTensors averaged(LearnerState state, Predicate<String> global) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        state.networks().asMap().forEach((name, t) -> out.put(NETWORK + name, t));
        state.components()
                .asMap()
                .forEach(
                        (name, t) -> {
                            if (global.test(name)) {
                                out.put(COMPONENT + name, t);
                            }
                        });
        return new NamedTensors(out);
    }

    /**
     * The tensors of {@code averaged} that the outer step moves: the networks' tensors that {@code
     * trained} tells a trained parameter by their network name (see {@link
     * dev.streamssl.learner.method.SslMethod#trainedParameter}).
     */
    public static NamedTensors trainedPart(NamedTensors averaged, Predicate<String> trained) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        averaged.asMap()
                .forEach(
                        (name, t) -> {
                            if (name.startsWith(NETWORK)
                                    && trained.test(name.substring(NETWORK.length()))) {
                                out.put(name, t);
                            }
                        });
        return new NamedTensors(out);
    }

    /** {@code averaged} with the tensors of {@code part} in place of its own of the same names. */
    public static NamedTensors replacing(NamedTensors averaged, NamedTensors part) {
        Map<String, TensorData> out = new LinkedHashMap<>(averaged.asMap());
        part.asMap()
                .forEach(
                        (name, t) -> {
                            if (out.put(name, t) == null) {
                                throw new IllegalArgumentException(
                                        "the average has no tensor " + name + " to replace");
                            }
                        });
        return new NamedTensors(out);
    }

    /** {@code state} with its averaged part replaced by {@code averaged}; the rest is kept. */
    public static LearnerState withAveraged(LearnerState state, NamedTensors averaged) {
        Map<String, TensorData> networks = new LinkedHashMap<>(state.networks().asMap());
        Map<String, TensorData> components = new LinkedHashMap<>(state.components().asMap());
        averaged.asMap()
                .forEach(
                        (name, t) -> {
                            if (name.startsWith(NETWORK)) {
                                replace(networks, name.substring(NETWORK.length()), t);
                            } else if (name.startsWith(COMPONENT)) {
                                replace(components, name.substring(COMPONENT.length()), t);
                            } else {
                                throw new IllegalArgumentException(
                                        "not an averaged tensor name: " + name);
                            }
                        });
        return new LearnerState(
                state.method(),
                state.step(),
                state.randomState(),
                new NamedTensors(networks),
                state.optimizer(),
                new NamedTensors(components));
    }

    private static void replace(Map<String, TensorData> into, String name, TensorData t) {
        TensorData old = into.get(name);
        if (old == null || old.values().length != t.values().length) {
            throw new IllegalArgumentException(
                    "the average has tensor " + name + " that the learner's state does not match");
        }
        into.put(name, t);
    }

    /**
     * The state replica {@code replica} continues from when it starts as a copy of {@code state}:
     * the same weights (replicas share their initialisation) and its own random stream for
     * augmentation and everything else drawn. Replica 0 keeps the stream of a single learner.
     */
    public static LearnerState forReplica(LearnerState state, int replica) {
        if (replica == 0) {
            return state;
        }
        // SplitMix64's finaliser over the stream's state and the replica index: streams that do
        // not overlap in practice, the same for the same replica after every restart
        long z = state.randomState() + 0x9E3779B97F4A7C15L * (replica + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return new LearnerState(
                state.method(),
                state.step(),
                z,
                state.networks(),
                state.optimizer(),
                state.components());
    }
}
