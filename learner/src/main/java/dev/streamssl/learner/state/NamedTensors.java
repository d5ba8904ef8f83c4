package dev.streamssl.learner.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ordered, immutable map from a stable name (e.g. {@code encoder/01Conv2d_weight} or {@code
 * momentum/encoder/01Conv2d_weight}) to a tensor's data. Names, not DJL parameter ids, key the
 * state: ids change from run to run, names do not.
 */
public final class NamedTensors {
    private final Map<String, TensorData> tensors;

    public NamedTensors(Map<String, TensorData> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public static NamedTensors empty() {
        return new NamedTensors(Map.of());
    }

    public Map<String, TensorData> asMap() {
        return tensors;
    }

    public TensorData get(String name) {
        return tensors.get(name);
    }

    /** The tensor of that name; fails naming it when the state has none. */
    public TensorData require(String name) {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("saved learner state has no tensor " + name);
        }
        return t;
    }

    public int size() {
        return tensors.size();
    }

    /** Total number of float values. */
    public long elementCount() {
        long n = 0;
        for (TensorData t : tensors.values()) {
            n += t.values().length;
        }
        return n;
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(tensors.size());
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            out.writeUTF(e.getKey());
            long[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            float[] values = e.getValue().values();
            out.writeInt(values.length);
            // big-endian, as DataOutputStream.writeFloat, in one block: value by value through
            // the stream took 0.6 s for ResNet-18's 48 MB
            ByteBuffer block = ByteBuffer.allocate(values.length * Float.BYTES);
            block.asFloatBuffer().put(values);
            out.write(block.array());
        }
    }

    static NamedTensors readFrom(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<String, TensorData> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            long[] shape = new long[in.readInt()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
            }
            float[] values = new float[in.readInt()];
            byte[] block = new byte[values.length * Float.BYTES];
            in.readFully(block);
            ByteBuffer.wrap(block).asFloatBuffer().get(values);
            map.put(name, new TensorData(shape, values));
        }
        return new NamedTensors(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedTensors n && tensors.equals(n.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "NamedTensors" + tensors.keySet();
    }
}
