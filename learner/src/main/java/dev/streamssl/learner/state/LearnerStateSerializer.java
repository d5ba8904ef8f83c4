package dev.streamssl.learner.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Versioned binary form of {@link LearnerState}. Version 1: method name, step, random state, then
 * the three tensor maps, each as count followed by (name, rank, dims, length, floats).
 */
public final class LearnerStateSerializer implements VersionedSerializer<LearnerState> {
    public static final int VERSION = 1;

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public byte[] serialize(LearnerState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(state.method());
            out.writeLong(state.step());
            out.writeLong(state.randomState());
            state.networks().writeTo(out);
            state.optimizer().writeTo(out);
            state.components().writeTo(out);
        }
        return bytes.toByteArray();
    }

    @Override
    public LearnerState deserialize(int version, byte[] bytes) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "learner state version "
                            + version
                            + " is not known (this build reads "
                            + VERSION
                            + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new LearnerState(
                    in.readUTF(),
                    in.readLong(),
                    in.readLong(),
                    NamedTensors.readFrom(in),
                    NamedTensors.readFrom(in),
                    NamedTensors.readFrom(in));
        }
    }
}
