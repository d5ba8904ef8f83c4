package dev.streamssl.job.learn.sync;

import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** Named tensors as the bytes of a round's message: the serializer's version, then its payload. */
public final class TensorBytes {
    private static final NamedTensorsSerializer SERIALIZER = new NamedTensorsSerializer();

    private TensorBytes() {}

    public static byte[] write(NamedTensors tensors) {
        try {
            byte[] body = SERIALIZER.serialize(tensors);
            return ByteBuffer.allocate(4 + body.length)
                    .putInt(SERIALIZER.version())
                    .put(body)
                    .array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NamedTensors read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int version = in.getInt();
        byte[] body = new byte[in.remaining()];
        in.get(body);
        try {
            return SERIALIZER.deserialize(version, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
