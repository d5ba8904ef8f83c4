package dev.streamssl.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Reads the job's configuration: one YAML file (nested or dotted keys, lists as YAML lists), then
 * {@code key=value} overrides from the command line. Every key must be one of the declared options;
 * a typo fails at start-up naming the key and the closest known one.
 */
public final class ConfigLoader {
    private static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    KafkaOptions.class,
                    SerdeOptions.class,
                    JobOptions.class,
                    InputOptions.class,
                    LearnerOptions.class,
                    ContinualOptions.class,
                    DriftOptions.class,
                    OptimizerOptions.class,
                    VitOptions.class,
                    AugmentOptions.class,
                    EmbedderOptions.class);

    private ConfigLoader() {}

    /** Every declared option, by key. */
    public static Map<String, ConfigOption<?>> knownOptions() {
        Map<String, ConfigOption<?>> options = new LinkedHashMap<>();
        for (Class<?> c : OPTION_CLASSES) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && ConfigOption.class.isAssignableFrom(f.getType())) {
                    try {
                        ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                        options.put(option.key(), option);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        for (ConfigOption<?> option : MethodOptions.all()) {
            options.put(option.key(), option);
        }
        return options;
    }

    public static Configuration load(Path yaml, List<String> overrides) throws IOException {
        Map<String, String> flat =
                yaml == null ? new LinkedHashMap<>() : new LinkedHashMap<>(readFlat(yaml));
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "override '" + override + "' is not of the form key=value");
            }
            flat.put(override.substring(0, eq).strip(), override.substring(eq + 1).strip());
        }
        return fromMap(flat);
    }

    /**
     * The options of a YAML file as flat {@code key → value} (nested and dotted keys alike, lists
     * joined with {@code ;}), for tools that add their own options before validating them.
     */
    public static Map<String, String> readFlat(Path yaml) throws IOException {
        if (!Files.isRegularFile(yaml)) {
            throw new IllegalArgumentException("configuration file " + yaml + " does not exist");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        if (root != null && !root.isNull()) {
            if (!root.isObject()) {
                throw new IllegalArgumentException(yaml + " must hold a YAML mapping of options");
            }
            flatten("", root, flat);
        }
        return flat;
    }

    public static Configuration fromMap(Map<String, String> flat) {
        Map<String, ConfigOption<?>> known = knownOptions();
        for (String key : flat.keySet()) {
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException(
                        "unknown option '" + key + "'" + suggestion(key, known.keySet()));
            }
        }
        return Configuration.fromMap(flat);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                flatten(
                        prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                        e.getValue(),
                        out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            out.put(prefix, String.join(";", items));
        } else {
            out.put(prefix, node.asText());
        }
    }

    private static String suggestion(String key, java.util.Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int d = editDistance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(3, key.length() / 3)
                ? "; did you mean '" + best + "'?"
                : "; see docs/configuration.md for the options";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] =
                        Math.min(
                                Math.min(current[j - 1] + 1, previous[j] + 1),
                                previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
