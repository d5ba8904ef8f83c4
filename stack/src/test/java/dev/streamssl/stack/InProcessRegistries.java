package dev.streamssl.stack;

import dev.streamssl.schemas.SchemaRegistry;
import dev.streamssl.schemas.SchemaRegistryProvider;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Registries that live in the test's JVM, reached by URL {@code in-process://NAME} (like
 * Confluent's {@code mock://}): a job on a MiniCluster in the same JVM reaches them by URL, as it
 * would reach a server, because the URL survives the serialization of the job's operators. Found by
 * the job through {@link SchemaRegistryProvider} (listed in this module's test resources); a URL's
 * client looks its registry up at every call, so a test may register a fresh one under a name
 * already used.
 */
public final class InProcessRegistries implements SchemaRegistryProvider {
    public static final String SCHEME = "in-process://";
    private static final Map<String, SchemaRegistry> REGISTRIES = new ConcurrentHashMap<>();

    /** Makes {@code registry} the one of URL {@code in-process://name}; its framing over it. */
    public static WireFormat register(String name, SchemaRegistry registry) {
        REGISTRIES.put(name, registry);
        return WireFormat.registry(SCHEME + name, null);
    }

    @Override
    public boolean serves(String url) {
        return url.startsWith(SCHEME);
    }

    @Override
    public SchemaRegistry open(String url, String userInfo) {
        String name = url.substring(SCHEME.length());
        registry(name); // fails now if there is none
        return new SchemaRegistry() {
            @Override
            public int register(String subject, Schema schema) {
                return registry(name).register(subject, schema);
            }

            @Override
            public Schema schemaById(int id) throws WireFormatException {
                return registry(name).schemaById(id);
            }
        };
    }

    private static SchemaRegistry registry(String name) {
        SchemaRegistry found = REGISTRIES.get(name);
        if (found == null) {
            throw new IllegalArgumentException("no registry named '" + name + "' runs in this JVM");
        }
        return found;
    }
}
