package dev.streamssl.learner.method;

import java.util.Objects;

/**
 * One configuration option of a method, as data: its key ({@code <method>.<name>}), value type,
 * default (null for none: the method then derives the value, as MoCo's temperature from its
 * version) and description. The job turns these into Flink options, the configuration docs are
 * checked against them, and the method's settings read them through a {@link MethodConfig}.
 *
 * @param <T> Integer, Long, Double, Boolean or String
 */
public record MethodOption<T>(String key, Class<T> type, T defaultValue, String description) {

    public MethodOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (type != Integer.class
                && type != Long.class
                && type != Double.class
                && type != Boolean.class
                && type != String.class) {
            throw new IllegalArgumentException(
                    "option " + key + " has type " + type.getSimpleName() + ", not a plain value");
        }
    }

    public static MethodOption<Integer> integer(String key, int defaultValue, String description) {
        return new MethodOption<>(key, Integer.class, defaultValue, description);
    }

    public static MethodOption<Long> longInteger(
            String key, long defaultValue, String description) {
        return new MethodOption<>(key, Long.class, defaultValue, description);
    }

    public static MethodOption<Double> real(String key, double defaultValue, String description) {
        return new MethodOption<>(key, Double.class, defaultValue, description);
    }

    /** A real-valued option without a default (the method derives one). */
    public static MethodOption<Double> real(String key, String description) {
        return new MethodOption<>(key, Double.class, null, description);
    }

    public static MethodOption<Boolean> flag(String key, boolean defaultValue, String description) {
        return new MethodOption<>(key, Boolean.class, defaultValue, description);
    }

    public static MethodOption<String> text(String key, String defaultValue, String description) {
        return new MethodOption<>(key, String.class, defaultValue, description);
    }
}
