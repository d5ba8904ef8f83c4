package dev.streamssl.schemas;

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

    /**
     * The Avro schema with this id. An id the registry holds no readable Avro schema under (no such
     * id, a schema of another type) is the fault of the record that carries it: a {@link
     * WireFormatException} ({@code UNKNOWN_SCHEMA}) saying why, for the dead-letter topic. A
     * registry that cannot answer is a {@link RegistryUnavailableException}.
     */
    Schema schemaById(int id) throws WireFormatException;
}
