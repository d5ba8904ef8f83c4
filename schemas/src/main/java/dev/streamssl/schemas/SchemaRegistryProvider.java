package dev.streamssl.schemas;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A registry client for URLs that are not the Confluent REST API's: a class on the classpath,
 * listed in {@code META-INF/services/dev.streamssl.schemas.SchemaRegistryProvider}, that claims
 * URLs of its own (a vendor's client under a scheme of its own, say). URLs no provider claims are
 * spoken to over HTTP ({@link RegistryRestClient}). The tests register Confluent's in-memory
 * registry this way.
 */
public interface SchemaRegistryProvider {

    /** Whether this provider serves the URL. */
    boolean serves(String url);

    /** The client for a URL this provider serves; fails naming the URL if it cannot. */
    SchemaRegistry open(String url, String userInfo);

    /** The first provider on the classpath that serves the URL. */
    static Optional<SchemaRegistryProvider> forUrl(String url) {
        for (SchemaRegistryProvider p : ServiceLoader.load(SchemaRegistryProvider.class)) {
            if (p.serves(url)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
