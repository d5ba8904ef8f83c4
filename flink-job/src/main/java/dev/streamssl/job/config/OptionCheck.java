package dev.streamssl.job.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * One rule of the job's configuration: an option, what it allows, and the message when a value is
 * outside that, which names the option and what is allowed. Each option group declares its rules as
 * a list of these ({@code KafkaOptions.CHECKS}, ...) and {@link JobSettings} applies them all
 * before anything starts. An option that is unset and has no default is not checked.
 */
@FunctionalInterface
interface OptionCheck {

    /** Throws {@link IllegalArgumentException} when the configuration breaks the rule. */
    void check(Configuration c);

    /** An integer or long option within {@code [min, max]}. */
    static OptionCheck range(ConfigOption<? extends Number> option, long min, long max) {
        return c -> {
            Number v = c.get(option);
            if (v != null && (v.longValue() < min || v.longValue() > max)) {
                throw fail(
                        option,
                        " = " + v + " is out of range; allowed: [" + min + ", " + max + "]");
            }
        };
    }

    /** A share of something: a real number in {@code (0, 1]}. */
    static OptionCheck share(ConfigOption<Double> option) {
        return c -> {
            Double v = c.get(option);
            if (v != null && !(v > 0 && v <= 1)) {
                throw fail(option, " = " + v + " is out of range; allowed: (0, 1]");
            }
        };
    }

    /** An option within {@code [value of min, max]}: a bound that another option sets. */
    static OptionCheck range(ConfigOption<Integer> option, ConfigOption<Integer> min, int max) {
        return c -> {
            Integer v = c.get(option);
            int low = c.get(min);
            if (v != null && (v < low || v > max)) {
                throw fail(
                        option,
                        " = "
                                + v
                                + " is out of range; allowed: ["
                                + min.key()
                                + " ("
                                + low
                                + "), "
                                + max
                                + "]");
            }
        };
    }

    /** A string option that is one of {@code allowed}. */
    static OptionCheck oneOf(ConfigOption<String> option, String... allowed) {
        List<String> values = List.of(allowed);
        return c -> {
            String v = c.get(option);
            if (!values.contains(v)) {
                throw fail(
                        option,
                        " = '" + v + "' is not allowed; allowed: " + String.join(", ", values));
            }
        };
    }

    /** An integer option that must not be {@code value}: what to use is {@code instead}. */
    static OptionCheck not(ConfigOption<Integer> option, int value, String instead) {
        return c -> {
            if (c.get(option) == value) {
                throw fail(option, " = " + value + " is not allowed; " + instead);
            }
        };
    }

    /** A string option that must be set and not blank; {@code what} says what it holds. */
    static OptionCheck required(ConfigOption<String> option, String what) {
        return c -> {
            String v = c.get(option);
            if (v == null || v.isBlank()) {
                throw fail(option, " is required (" + what + ")");
            }
        };
    }

    /** A long option of at least {@code min}; {@code note} says what the bound means. */
    static OptionCheck atLeast(ConfigOption<Long> option, long min, String note) {
        return c -> {
            if (c.get(option) < min) {
                throw fail(option, " must be >= " + min + " (" + note + ")");
            }
        };
    }

    /** A duration option of at most {@code max}; {@code what} names the bound. */
    static OptionCheck atMost(ConfigOption<Duration> option, Duration max, String what) {
        return c -> {
            Duration v = c.get(option);
            if (v.compareTo(max) > 0) {
                throw fail(option, " = " + v + " exceeds " + what);
            }
        };
    }

    /** A string option that matches {@code regex}; {@code allowed} says so in words. */
    static OptionCheck matches(ConfigOption<String> option, String regex, String allowed) {
        return c -> {
            String v = c.get(option);
            if (!v.matches(regex)) {
                throw fail(option, " = '" + v + "' is not " + allowed);
            }
        };
    }

    /**
     * A name a registry knows: {@code lookup} throws, naming the known ones, for one it does not.
     */
    static OptionCheck known(ConfigOption<String> option, Consumer<String> lookup) {
        return c -> lookUp(option, c.get(option), lookup);
    }

    /** A list of names a registry knows, each at most once ({@code what}: a name of it). */
    static OptionCheck knownOnce(
            ConfigOption<List<String>> option, Consumer<String> lookup, String what) {
        return c -> {
            List<String> names = c.getOptional(option).orElse(List.of());
            for (String name : names) {
                lookUp(option, name, lookup);
            }
            if (new HashSet<>(names).size() != names.size()) {
                throw fail(option, " names " + what + " twice: " + names);
            }
        };
    }

    private static void lookUp(ConfigOption<?> option, String name, Consumer<String> lookup) {
        try {
            lookup.accept(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "option '" + option.key() + "': " + e.getMessage(), e);
        }
    }

    /** The failure of a rule: {@code option '<key>'} and what is wrong. */
    static IllegalArgumentException fail(ConfigOption<?> option, String problem) {
        return new IllegalArgumentException("option '" + option.key() + "'" + problem);
    }
}
