package dev.streamssl.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The Confluent schema-registry wire format: byte 0 (the magic byte), the writer schema's registry
 * id as a 4-byte big-endian integer, then the Avro binary body. The writer registers its schema
 * under a subject once (cached); the reader fetches the writer schema by id (cached) and resolves
 * it against its own, so a producer's schema with an added optional field is read, not rejected.
 *
 * <p>The reader also accepts single-object encoding ({@code C3 01}), so a topic can move from the
 * default framing to this one without a cut-over: old records stay readable.
 */
public final class RegistryCodec<T extends SpecificRecordBase> implements WireCodec<T> {
    static final byte MAGIC = 0;
    static final int HEADER = 5;

    private final Schema schema;
    private final String subject;
    private final SchemaRegistry registry;
    private final SingleObjectCodec<T> singleObject;
    private final SpecificDatumWriter<T> writer;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
    private volatile int writerId = -1;

    /**
     * @param subject the registry subject this codec's records are written under ({@code
     *     <topic>-value} for a topic of one record type)
     */
    public RegistryCodec(Schema schema, String subject, SchemaRegistry registry) {
        this.schema = schema;
        this.subject = subject;
        this.registry = registry;
        this.singleObject = new SingleObjectCodec<>(schema);
        this.writer = new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    }

    @Override
    public Schema schema() {
        return schema;
    }

    public String subject() {
        return subject;
    }

    @Override
    public void registerWriterSchema() {
        register();
    }

    /** The writer schema's id, registered under the subject on first use. */
    int register() {
        int id = writerId;
        if (id < 0) {
            id = registry.register(subject, schema);
            writerId = id;
        }
        return id;
    }

    @Override
    public byte[] encode(T record) {
        int id = register();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getName(), e);
        }
        return out.toByteArray();
    }

    @Override
    public T decode(byte[] bytes) throws WireFormatException {
        if (bytes != null && bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01) {
            return singleObject.decode(bytes);
        }
        if (bytes == null || bytes.length < HEADER || bytes[0] != MAGIC) {
            throw new WireFormatException(
                    DeadLetterReason.UNREADABLE_RECORD,
                    bytes == null
                            ? "record value is null"
                            : "neither the schema-registry framing (magic byte 0 and a 4-byte"
                                    + " schema id) nor Avro single-object encoding (C3 01)",
                    null);
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = readerFor(id);
            readers.put(id, reader);
        }
        try {
            BinaryDecoder decoder =
                    DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, null);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new WireFormatException(
                        DeadLetterReason.UNREADABLE_RECORD,
                        "corrupt " + schema.getName() + " body: bytes left after the record",
                        null);
            }
            return record;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new WireFormatException(
                    DeadLetterReason.UNREADABLE_RECORD,
                    "corrupt " + schema.getName() + " body (schema id " + id + "): " + e,
                    e);
        }
    }

    /** A resolving reader from the writer schema with this id to this codec's schema. */
    private SpecificDatumReader<T> readerFor(int id) throws WireFormatException {
        Schema writerSchema = registry.schemaById(id);
        if (!writerSchema.getFullName().equals(schema.getFullName())
                && !schema.getAliases().contains(writerSchema.getFullName())) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema id "
                            + id
                            + " is a "
                            + writerSchema.getFullName()
                            + ", not a "
                            + schema.getFullName(),
                    null);
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "writer schema id "
                            + id
                            + " does not resolve against this reader's "
                            + schema.getName()
                            + ": "
                            + compatibility.getDescription(),
                    null);
        }
        return new SpecificDatumReader<>(writerSchema, schema, SpecificData.getForSchema(schema));
    }
}
