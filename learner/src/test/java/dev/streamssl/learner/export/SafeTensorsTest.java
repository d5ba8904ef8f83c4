package dev.streamssl.learner.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors layout, byte by byte, and the refusals of files that are not one. */
class SafeTensorsTest {
    @TempDir Path dir;

    @Test
    void writesTheDocumentedLayoutAndReadsItBack() throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put(
                "a.weight", SafeTensors.Tensor.f32(new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        tensors.put("a.num_batches_tracked", SafeTensors.Tensor.i64Scalar(7));
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertThat(n % 8).isZero();
        assertThat(bytes.length).isEqualTo(8 + n + 16 + 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertThat(header)
                .contains(
                        "\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}")
                .contains(
                        "\"a.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],"
                                + "\"data_offsets\":[16,24]}")
                .contains("\"__metadata__\":{\"format\":\"pt\"}");
        assertThat(b.getFloat((int) (8 + n + 12))).isEqualTo(4f);
        assertThat(b.getLong((int) (8 + n + 16))).isEqualTo(7L);

        Map<String, SafeTensors.Tensor> read = SafeTensors.read(file);
        assertThat(read.keySet()).containsExactly("a.weight", "a.num_batches_tracked");
        assertThat(read.get("a.weight").floats()).containsExactly(1, 2, 3, 4);
        assertThat(read.get("a.weight").shape()).containsExactly(2, 2);
    }

    @Test
    void refusesFilesThatAreNotSafetensors() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny"), new byte[] {1, 2});
        assertThatThrownBy(() -> SafeTensors.read(tiny)).hasMessageContaining("shorter than 8");
        Path pickle =
                Files.write(dir.resolve("model.pt"), "PK\u0003\u0004 not a header".getBytes());
        assertThatThrownBy(() -> SafeTensors.read(pickle)).hasMessageContaining("header length");
        ByteBuffer lying = ByteBuffer.allocate(8 + 64).order(ByteOrder.LITTLE_ENDIAN).putLong(64);
        lying.put(
                String.format(
                                "%-64s",
                                "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}")
                        .getBytes(StandardCharsets.UTF_8));
        Path truncated = Files.write(dir.resolve("truncated"), lying.array());
        assertThatThrownBy(() -> SafeTensors.read(truncated))
                .hasMessageContaining("tensor x lies outside the file");
        SafeTensors.Tensor half = new SafeTensors.Tensor("F16", new long[] {1}, new byte[2]);
        assertThatThrownBy(half::floats).hasMessageContaining("F16");
    }
}
