package dev.streamssl.schemas;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The two questions a Confluent-framed codec asks a schema registry: which id does this schema have
 * under this subject (registering it if new), and which schema has this id. Implementations cache
 * both answers: ids are global and immutable in the registry's contract.
 */
public interface SchemaRegistry {

    /**
     * The id of {@code schema} under {@code subject}, registered if the subject does not hold it
     * yet. A schema the subject's compatibility rule rejects is an {@link IllegalStateException}
     * naming the subject; an unreachable registry a {@link RegistryUnavailableException}.
     */
    int register(String subject, Schema schema);

    /** The Avro schema with this id, or empty if the registry has no schema with it. */
    Optional<Schema> schemaById(int id);
}
