package dev.streamssl.learner.replay;

import dev.streamssl.learner.state.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned binary form of a {@link ReplayBuffer}'s contents. Version 1: policy name, capacity,
 * seen, skipped, generator state, item count, then per item its pixels, times trained and feature
 * (length 0 when none). Restoring into a buffer with another policy or capacity fails naming both.
 */
public final class ReplayBufferSerializer implements VersionedSerializer<ReplayBuffer> {
    public static final int VERSION = 1;
    private final ReplayBuffer target;

    /** Serializes any buffer; deserializes into {@code target}, which it returns. */
    public ReplayBufferSerializer(ReplayBuffer target) {
        this.target = target;
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ReplayBuffer buffer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(buffer.policy().configName());
            out.writeInt(buffer.capacity());
            out.writeLong(buffer.seen());
            out.writeLong(buffer.skipped());
            out.writeLong(buffer.randomState());
            out.writeInt(buffer.size());
            for (ReplayBuffer.Item item : buffer.items()) {
                out.writeInt(item.pixels.length);
                out.write(item.pixels);
                out.writeInt(item.trained);
                float[] f = item.feature == null ? new float[0] : item.feature;
                out.writeInt(f.length);
                for (float v : f) {
                    out.writeFloat(v);
                }
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public ReplayBuffer deserialize(int version, byte[] bytes) throws IOException {
        if (version != VERSION) {
            throw new IOException("replay buffer version " + version + " is not known");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String policy = in.readUTF();
            int capacity = in.readInt();
            if (!policy.equals(target.policy().configName()) || capacity != target.capacity()) {
                throw new IllegalArgumentException(
                        "the checkpoint's replay buffer is "
                                + policy
                                + " of "
                                + capacity
                                + ", configured "
                                + target.policy().configName()
                                + " of "
                                + target.capacity()
                                + " (learner.replay.policy, learner.replay.capacity)");
            }
            long seen = in.readLong();
            long skipped = in.readLong();
            long state = in.readLong();
            int count = in.readInt();
            List<ReplayBuffer.Item> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] pixels = new byte[in.readInt()];
                in.readFully(pixels);
                int trained = in.readInt();
                float[] feature = new float[in.readInt()];
                for (int j = 0; j < feature.length; j++) {
                    feature[j] = in.readFloat();
                }
                items.add(
                        new ReplayBuffer.Item(
                                pixels, feature.length == 0 ? null : feature, trained));
            }
            target.restore(items, seen, skipped, state);
            return target;
        }
    }
}
