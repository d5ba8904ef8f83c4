package dev.streamssl.learner.state;

import java.io.IOException;

/**
 * A serializer that writes a version number with the bytes, in the manner of Flink's {@code
 * SimpleVersionedSerializer}, without depending on Flink: the learner core knows nothing of Flink.
 * A reader must accept every version it ever wrote.
 */
public interface VersionedSerializer<T> {
    int version();

    byte[] serialize(T value) throws IOException;

    T deserialize(int version, byte[] bytes) throws IOException;
}
