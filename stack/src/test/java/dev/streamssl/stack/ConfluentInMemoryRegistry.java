package dev.streamssl.stack;

import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.SchemaRegistry;
import dev.streamssl.schemas.WireFormatException;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.MockSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;

/**
 * Confluent's own in-memory registry ({@code MockSchemaRegistryClient}, from Confluent's client
 * library as Flink bundles it) seen through streamssl's {@link SchemaRegistry}: ids and subjects
 * are assigned by Confluent's code, and Flink's avro-confluent format writes and reads against the
 * same instance. No registry server runs on this machine (none is served by the package
 * repositories it reaches; docs/interop.md lists what was tried), so the wire-format tests share
 * this one between both sides.
 */
final class ConfluentInMemoryRegistry implements SchemaRegistry {
    final MockSchemaRegistryClient confluent = new MockSchemaRegistryClient();

    @Override
    public int register(String subject, Schema schema) {
        try {
            return confluent.register(subject, new AvroSchema(schema.toString()));
        } catch (IOException | RestClientException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Schema schemaById(int id) throws WireFormatException {
        try {
            String json = confluent.getSchemaById(id).canonicalString();
            return new Schema.Parser().parse(json);
        } catch (RestClientException e) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema id " + id + " is not in the registry: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Another producer's ImageRecord schema (JSON): streamssl's fields plus an optional {@code
     * camera} string at the end, as a registry holds a compatible evolution of the subject.
     */
    static String imageSchemaWithCamera() {
        return dev.streamssl.schemas.ImageRecord.getClassSchema()
                .toString()
                .replaceFirst(
                        "]}$",
                        ",{\"name\":\"camera\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    }
}
