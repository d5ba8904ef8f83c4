package dev.streamssl.learner.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes of named tensors stay what checkpoints written before hold, and read back exactly. */
class NamedTensorsSerializerTest {
    @Test
    void writesTheFormatOfEarlierCheckpointsAndReadsItBack() throws Exception {
        Map<String, TensorData> map = new LinkedHashMap<>();
        map.put(
                "a/w",
                new TensorData(new long[] {2, 2}, new float[] {1f, -0f, Float.NaN, 3.5e-20f}));
        map.put("b", new TensorData(new long[] {1}, new float[] {Float.MAX_VALUE}));
        NamedTensors tensors = new NamedTensors(map);

        // the format, written value by value as it was first written
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeInt(2);
            for (Map.Entry<String, TensorData> e : map.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().shape().length);
                for (long d : e.getValue().shape()) {
                    out.writeLong(d);
                }
                out.writeInt(e.getValue().values().length);
                for (float v : e.getValue().values()) {
                    out.writeFloat(v);
                }
            }
        }
        NamedTensorsSerializer serializer = new NamedTensorsSerializer();
        byte[] written = serializer.serialize(tensors);
        assertThat(written).isEqualTo(expected.toByteArray());
        assertThat(serializer.deserialize(serializer.version(), written)).isEqualTo(tensors);
    }
}
