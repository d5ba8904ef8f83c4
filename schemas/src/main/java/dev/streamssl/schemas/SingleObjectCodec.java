package dev.streamssl.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The default wire format of every streamssl record: Avro single-object encoding ({@code C3 01},
 * the 8-byte CRC-64-AVRO fingerprint of the writer schema, then the binary body).
 *
 * <p>The decoder resolves the writer schema through a {@link SchemaStore} that holds the current
 * schema and every older version listed in {@code history/index.txt}, so a new reader accepts what
 * old producers wrote. Instances are thread-safe (Avro's encoder and decoder are).
 */
public final class SingleObjectCodec<T extends SpecificRecordBase> implements WireCodec<T> {
    private static final String HISTORY = "history/";

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Schema schema;

    SingleObjectCodec(Schema schema) {
        this.schema = schema;
        SpecificData model = SpecificData.getForSchema(schema);
        SchemaStore.Cache store = new SchemaStore.Cache();
        for (Schema old : history(schema.getFullName())) {
            store.addSchema(old);
        }
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getName(), e);
        }
    }

    /** Decodes one record value, telling an unknown writer schema apart from garbage. */
    @Override
    public T decode(byte[] bytes) throws WireFormatException {
        if (bytes == null) {
            throw new WireFormatException(
                    DeadLetterReason.UNREADABLE_RECORD, "record value is null", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "writer schema of this "
                            + schema.getName()
                            + " is unknown to this reader: "
                            + e.getMessage(),
                    e);
        } catch (BadHeaderException e) {
            throw new WireFormatException(
                    DeadLetterReason.UNREADABLE_RECORD,
                    "not Avro single-object encoding (expected header C3 01): " + e.getMessage(),
                    e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new WireFormatException(
                    DeadLetterReason.UNREADABLE_RECORD,
                    "corrupt " + schema.getName() + " body: " + e,
                    e);
        }
    }

    private static java.util.List<Schema> history(String fullName) {
        java.util.List<Schema> schemas = new java.util.ArrayList<>();
        try (InputStream index =
                SingleObjectCodec.class.getResourceAsStream(HISTORY + "index.txt")) {
            if (index == null) {
                return schemas;
            }
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try (InputStream in = SingleObjectCodec.class.getResourceAsStream(HISTORY + line)) {
                    Schema old = new Schema.Parser().parse(in);
                    if (old.getFullName().equals(fullName)) {
                        schemas.add(old);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema history", e);
        }
        return schemas;
    }
}
