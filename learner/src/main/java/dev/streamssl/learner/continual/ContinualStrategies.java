package dev.streamssl.learner.continual;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of continual-learning strategies ({@code continual.strategy}), one line each. A
 * strategy composes with any method that offers what it needs ({@link Distillable} for those that
 * distil); replay is not here, it is the replay buffer's policy and share ({@code
 * learner.replay.*}) and composes with every strategy.
 */
public final class ContinualStrategies {
    /** How a strategy is built on a method; {@code target} is null where the method offers none. */
    @FunctionalInterface
    public interface Factory {
        ContinualStrategy build(ContinualSettings settings, Distillable target, NetworkHost host);
    }

    /**
     * One strategy: its name, what it is, whether it needs a {@link Distillable} method, and its
     * factory.
     */
    public record Descriptor(String name, String description, boolean distils, Factory factory) {}

    public static final List<Descriptor> ALL =
            List.of(
                    new Descriptor(
                            "none",
                            "the method alone",
                            false,
                            (settings, target, host) -> new NoStrategy()),
                    new Descriptor(
                            "cassle",
                            "CaSSLe (Fini et al., CVPR 2022): distil a frozen copy through a"
                                    + " predictor with the method's own loss",
                            true,
                            Cassle::new));

    /**
     * The methods that offer a {@link Distillable} (an encoder–projector pair whose projections
     * their loss takes from two views), so that a configuration can be checked before any network
     * is built; {@code CassleTest} checks this list against what each method's class offers.
     */
    public static final List<String> DISTILLABLE_METHODS =
            List.of("simclr", "byol", "barlowtwins", "vicreg", "simsiam", "nnclr");

    private static final Map<String, Descriptor> BY_NAME = byName();

    private ContinualStrategies() {}

    private static Map<String, Descriptor> byName() {
        Map<String, Descriptor> map = new LinkedHashMap<>();
        for (Descriptor d : ALL) {
            if (map.put(d.name(), d) != null) {
                throw new IllegalStateException("strategy " + d.name() + " registered twice");
            }
        }
        return map;
    }

    /** The strategy of this name; an unknown name fails naming the known ones. */
    public static Descriptor named(String name) {
        Descriptor d = BY_NAME.get(name);
        if (d == null) {
            throw new IllegalArgumentException(
                    "continual.strategy = '"
                            + name
                            + "' is not known; known: "
                            + String.join(", ", BY_NAME.keySet()));
        }
        return d;
    }

    /** Refuses a strategy that distils with a method that offers nothing to distil. */
    public static void checkComposes(String strategy, String method) {
        if (named(strategy).distils() && !DISTILLABLE_METHODS.contains(method)) {
            throw new IllegalArgumentException(
                    "continual.strategy = "
                            + strategy
                            + " distils an encoder-projector pair; method '"
                            + method
                            + "' has none (methods that do: "
                            + String.join(", ", DISTILLABLE_METHODS)
                            + ")");
        }
    }

    /**
     * Builds the configured strategy on a method.
     *
     * @param method the method's name, for the error when it cannot take the strategy
     * @param target what the method offers to distil, or null
     */
    public static ContinualStrategy build(
            ContinualSettings settings, String method, Distillable target, NetworkHost host) {
        Descriptor d = named(settings.strategy());
        if (d.distils() && target == null) {
            throw new IllegalArgumentException(
                    "continual.strategy = "
                            + d.name()
                            + " distils the encoder and projector that a method's loss takes"
                            + " from two views; method '"
                            + method
                            + "' has no such pair (methods that do: "
                            + String.join(", ", DISTILLABLE_METHODS)
                            + ")");
        }
        return d.factory().build(settings, target, host);
    }
}
