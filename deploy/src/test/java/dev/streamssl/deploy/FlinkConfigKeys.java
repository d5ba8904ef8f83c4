package dev.streamssl.deploy;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ExternalResourceOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;

/**
 * Every configuration key Flink defines on this class path: the keys (and fallback keys) of all
 * {@code ConfigOption} constants in Flink's {@code *Options} classes, plus the two templated
 * families deployments use, {@code metrics.reporter.<name>.<option>} and {@code
 * external-resource.<name>.<option>}. A deployment file's key that is not here is a typo or a key
 * of another Flink version, and Flink would ignore it silently.
 */
final class FlinkConfigKeys {
    /**
     * The reporter-level options ({@code factory.class}, {@code interval}, ...) and the Prometheus
     * reporter's own {@code port}.
     */
    private final Set<String> reporterOptions = new TreeSet<>();

    private final Set<String> keys = new TreeSet<>();

    /**
     * Resource-manager specific suffixes of {@code external-resource.<name>.}: Flink builds these
     * keys with {@link ExternalResourceOptions#getSystemConfigKeyConfigOptionForResource}; their
     * constants live in flink-yarn and flink-kubernetes, which are not on Maven Central for 2.2.
     */
    private static final Set<String> RESOURCE_MANAGER_SUFFIXES =
            Set.of("yarn.config-key", "kubernetes.config-key");

    FlinkConfigKeys() throws Exception {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (name.startsWith("flink-") && name.endsWith(".jar")) {
                scanJar(entry);
            }
        }
        for (ConfigOption<?> option :
                List.of(
                        MetricOptions.REPORTER_FACTORY_CLASS,
                        MetricOptions.REPORTER_INTERVAL,
                        MetricOptions.REPORTER_SCOPE_DELIMITER,
                        MetricOptions.REPORTER_ADDITIONAL_VARIABLES,
                        MetricOptions.REPORTER_EXCLUDED_VARIABLES,
                        MetricOptions.REPORTER_INCLUDES,
                        MetricOptions.REPORTER_EXCLUDES)) {
            reporterOptions.add(option.key());
        }
        Field port =
                Class.forName("org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                        .getDeclaredField("ARG_PORT");
        port.setAccessible(true);
        reporterOptions.add((String) port.get(null));
    }

    int size() {
        return keys.size();
    }

    boolean isKnown(String key) {
        if (keys.contains(key)) {
            return true;
        }
        if (key.startsWith("metrics.reporter.")) {
            String rest = key.substring("metrics.reporter.".length());
            int dot = rest.indexOf('.');
            return dot > 0 && reporterOptions.contains(rest.substring(dot + 1));
        }
        if (key.startsWith("external-resource.")) {
            String rest = key.substring("external-resource.".length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                return false;
            }
            String suffix = rest.substring(dot + 1);
            return suffix.equals(ExternalResourceOptions.EXTERNAL_RESOURCE_AMOUNT_SUFFIX)
                    || suffix.equals(
                            ExternalResourceOptions.EXTERNAL_RESOURCE_DRIVER_FACTORY_SUFFIX)
                    || RESOURCE_MANAGER_SUFFIXES.contains(suffix)
                    || (suffix.startsWith(
                                    ExternalResourceOptions.EXTERNAL_RESOURCE_DRIVER_PARAM_SUFFIX)
                            && suffix.length()
                                    > ExternalResourceOptions.EXTERNAL_RESOURCE_DRIVER_PARAM_SUFFIX
                                            .length());
        }
        return false;
    }

    List<String> unknown(Iterable<String> candidates) {
        List<String> out = new ArrayList<>();
        for (String key : candidates) {
            if (!isKnown(key)) {
                out.add(key);
            }
        }
        return out;
    }

    private void scanJar(String path) throws IOException {
        try (JarFile jar = new JarFile(path)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String entry = entries.nextElement().getName();
                if (entry.startsWith("org/apache/flink/")
                        && entry.endsWith("Options.class")
                        && !entry.contains("$")) {
                    addOptionsOf(entry.replace('/', '.').substring(0, entry.length() - 6));
                }
            }
        }
    }

    private void addOptionsOf(String className) {
        Field[] fields;
        try {
            fields =
                    Class.forName(className, false, getClass().getClassLoader())
                            .getDeclaredFields();
        } catch (Throwable unloadable) {
            return; // a class needing an optional dependency; its keys cannot be in use here
        }
        for (Field field : fields) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    field.setAccessible(true);
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    keys.add(option.key());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        keys.add(fallback.getKey());
                    }
                } catch (Throwable inaccessible) {
                    // static initialiser needs something absent: skip this holder
                }
            }
        }
    }
}
