package dev.streamssl.job.config;

import dev.streamssl.learner.method.MethodDescriptor;
import dev.streamssl.learner.method.MethodOption;
import dev.streamssl.learner.method.Methods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The methods' own options ({@code simclr.*}, {@code dino.*}, ...) as Flink options, made from the
 * {@link MethodOption}s that each method's descriptor declares: the job keeps no list of them.
 */
public final class MethodOptions {
    private static final Map<String, ConfigOption<?>> FLINK = new ConcurrentHashMap<>();

    private MethodOptions() {}

    /** Every registered method's options, as Flink options. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (MethodDescriptor d : Methods.ALL) {
            for (MethodOption<?> o : d.options()) {
                out.add(flink(o));
            }
        }
        return out;
    }

    /** The Flink option of a method option: same key, type, default and description. */
    @SuppressWarnings("unchecked")
    public static <T> ConfigOption<T> flink(MethodOption<T> option) {
        return (ConfigOption<T>) FLINK.computeIfAbsent(option.key(), k -> build(option));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ConfigOption<?> build(MethodOption<?> o) {
        ConfigOptions.OptionBuilder key = ConfigOptions.key(o.key());
        ConfigOptions.TypedConfigOptionBuilder typed;
        if (o.type() == Integer.class) {
            typed = key.intType();
        } else if (o.type() == Long.class) {
            typed = key.longType();
        } else if (o.type() == Double.class) {
            typed = key.doubleType();
        } else if (o.type() == Boolean.class) {
            typed = key.booleanType();
        } else {
            typed = key.stringType();
        }
        ConfigOption<?> option =
                o.defaultValue() == null
                        ? typed.noDefaultValue()
                        : typed.defaultValue(o.defaultValue());
        return option.withDescription(o.description());
    }
}
