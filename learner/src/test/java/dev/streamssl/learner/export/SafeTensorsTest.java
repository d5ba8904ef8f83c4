package dev.streamssl.learner.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors layout, byte by byte, the refusals of files that are not one, the widening of
 * half-precision tensors, and reading from a stream that gives fewer bytes than asked.
 */
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
        Path short8 =
                Files.write(
                        dir.resolve("short"), file("{\"x\":" + entry("F32", "[4]", 0, 8) + "}", 8));
        assertThatThrownBy(() -> SafeTensors.read(short8))
                .hasMessageContaining("tensor x of F32 and shape [4] needs 16 bytes")
                .hasMessageContaining("its offsets give 8");
    }

    @Test
    void widensHalfPrecisionExactly() {
        // IEEE half: 1.0, -2.5, the largest finite 65504, the smallest subnormal 2⁻²⁴, the largest
        // subnormal 1023·2⁻²⁴, the smallest normal 2⁻¹⁴, -0, 1/3 rounded (0x3555 = 0.333251953125),
        // +infinity
        float[] half =
                floats(
                        "F16", 0x3C00, 0xC100, 0x7BFF, 0x0001, 0x03FF, 0x0400, 0x8000, 0x3555,
                        0x7C00);
        assertThat(half)
                .containsExactly(
                        1f,
                        -2.5f,
                        65504f,
                        5.9604645e-8f,
                        6.097555e-5f,
                        6.1035156e-5f,
                        -0f,
                        0.333251953125f,
                        Float.POSITIVE_INFINITY);
        assertThat(floats("F16", 0x7E00)[0]).isNaN();
        // a signalling NaN comes out quiet, its payload kept, as PyTorch's .float() gives it
        assertThat(Float.floatToRawIntBits(floats("F16", 0x7C01)[0])).isEqualTo(0x7FC02000);
        // bfloat16: the upper half of a float32; 0x4049 is π cut to 8 significant bits, 3.140625
        float[] brain = floats("BF16", 0x3F80, 0x4049, 0xC020, 0x0001, 0xFF80);
        assertThat(brain).containsExactly(1f, 3.140625f, -2.5f, 0x1p-133f, Float.NEGATIVE_INFINITY);
    }

    @Test
    void refusesToReadIntegersAsFloatsNamingTheDtype() {
        SafeTensors.Tensor bytes = new SafeTensors.Tensor("I8", new long[] {1}, new byte[1]);
        assertThat(bytes.isFloat()).isFalse();
        assertThatThrownBy(bytes::floats)
                .hasMessageContaining("dtype I8 is not a float type streamssl reads")
                .hasMessageContaining("F32, F64, F16, BF16");
    }

    @Test
    void readsAStreamThatGivesAFewBytesAtATime() throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        float[] values = new float[301];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 7;
        }
        tensors.put("a.weight", SafeTensors.Tensor.f32(new long[] {301}, values));
        tensors.put("a.num_batches_tracked", SafeTensors.Tensor.i64Scalar(12));
        tensors.put(
                "b.weight",
                new SafeTensors.Tensor(
                        "BF16", new long[] {2}, new byte[] {(byte) 0x80, 0x3F, 0x49, 0x40}));
        Path path = dir.resolve("t.safetensors");
        SafeTensors.write(path, tensors, Map.of("format", "pt"));
        Map<String, SafeTensors.Tensor> read;
        try (InputStream in = new Trickle(Files.newInputStream(path), 3)) {
            read = SafeTensors.read(in, "trickle");
        }
        assertThat(read.keySet()).containsExactly("a.weight", "a.num_batches_tracked", "b.weight");
        assertThat(read.get("a.weight").floats()).containsExactly(values);
        assertThat(read.get("a.num_batches_tracked").data())
                .isEqualTo(tensors.get("a.num_batches_tracked").data());
        assertThat(read.get("b.weight").floats()).containsExactly(1f, 3.140625f);
    }

    @Test
    void readsTensorsWhoseOffsetsAreNotInTheHeadersOrder() throws IOException {
        // b's bytes come first, a gap of 4 bytes, then a's; the map keeps the header's order
        String header =
                "{\"a\":"
                        + entry("F32", "[1]", 8, 12)
                        + ",\"b\":"
                        + entry("F32", "[1]", 0, 4)
                        + "}";
        byte[] bytes = file(header, 12);
        int data = bytes.length - 12;
        ByteBuffer.wrap(bytes)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(data, 2f)
                .putFloat(data + 8, 1f);
        Map<String, SafeTensors.Tensor> read;
        try (InputStream in = new Trickle(new ByteArrayInputStream(bytes), 1)) {
            read = SafeTensors.read(in, "gap");
        }
        assertThat(read.keySet()).containsExactly("a", "b");
        assertThat(read.get("a").floats()).containsExactly(1f);
        assertThat(read.get("b").floats()).containsExactly(2f);
    }

    private static float[] floats(String dtype, int... bits) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : bits) {
            b.putShort((short) x);
        }
        return new SafeTensors.Tensor(dtype, new long[] {bits.length}, b.array()).floats();
    }

    private static String entry(String dtype, String shape, long begin, long end) {
        return "{\"dtype\":\""
                + dtype
                + "\",\"shape\":"
                + shape
                + ",\"data_offsets\":["
                + begin
                + ","
                + end
                + "]}";
    }

    /** A safetensors file of this header (padded to 8) and {@code data} zero bytes after it. */
    private static byte[] file(String header, int data) {
        String padded = header + " ".repeat((8 - header.length() % 8) % 8);
        ByteBuffer b =
                ByteBuffer.allocate(8 + padded.length() + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded.length()).put(padded.getBytes(StandardCharsets.UTF_8));
        return b.array();
    }

    /** A stream that gives at most {@code most} bytes per read and skips at most that many. */
    private static final class Trickle extends FilterInputStream {
        private final int most;

        Trickle(InputStream in, int most) {
            super(in);
            this.most = most;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, most));
        }

        @Override
        public long skip(long n) throws IOException {
            return super.skip(Math.min(n, most));
        }
    }
}
