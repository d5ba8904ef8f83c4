package dev.streamssl.learner.export;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (Hugging Face), which PyTorch, timm and transformers load without running
 * code from the file: an 8-byte little-endian header length N, N bytes of JSON ({@code {name:
 * {"dtype", "shape", "data_offsets": [begin, end]}}}, padded with spaces to a multiple of 8), then
 * every tensor's raw little-endian bytes, offsets counted from the end of the header. Float32 and
 * int64 (BatchNorm's {@code num_batches_tracked}) are what streamssl writes; reading also narrows
 * float64 to float32; other dtypes (float16, bfloat16) are refused with their name.
 */
public final class SafeTensors {
    /** A header longer than this is not a weights file (torchvision's largest is ~100 KB). */
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /** One tensor: its dtype name ({@code F32}, {@code I64}), shape and little-endian bytes. */
    public record Tensor(String dtype, long[] shape, byte[] data) {
        public static Tensor f32(long[] shape, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return new Tensor("F32", shape, b.array());
        }

        public static Tensor i64Scalar(long value) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
            return new Tensor("I64", new long[0], b.array());
        }

        /** Whether {@link #floats} reads this tensor's dtype. */
        public boolean isFloat() {
            return dtype.equals("F32") || dtype.equals("F64");
        }

        /** The values as float32 (F32 and F64 tensors). */
        public float[] floats() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            return switch (dtype) {
                case "F32" -> {
                    float[] v = new float[data.length / 4];
                    b.asFloatBuffer().get(v);
                    yield v;
                }
                case "F64" -> {
                    float[] v = new float[data.length / 8];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) b.getDouble();
                    }
                    yield v;
                }
                default ->
                        throw new IllegalArgumentException(
                                "a " + dtype + " tensor holds no floating-point values");
            };
        }
    }

    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonObject info = new JsonObject();
            info.addProperty("dtype", e.getValue().dtype());
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            com.google.gson.JsonArray offsets = new com.google.gson.JsonArray();
            offsets.add(offset);
            offset += e.getValue().data().length;
            offsets.add(offset);
            info.add("data_offsets", offsets);
            header.add(e.getKey(), info);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] text = new byte[padded];
        java.util.Arrays.fill(text, (byte) ' ');
        System.arraycopy(json, 0, text, 0, json.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(text);
            for (Tensor t : tensors.values()) {
                out.write(t.data());
            }
        }
    }

    /** Every tensor of the file, in the header's order; a malformed file names what is wrong. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 8 || channel.read(lengthBytes, 0) != 8) {
                throw new IOException(file + " is not a safetensors file: shorter than 8 bytes");
            }
            long n = lengthBytes.getLong(0);
            if (n <= 0 || n > MAX_HEADER || 8 + n > size) {
                throw new IOException(
                        file + " is not a safetensors file: header length " + n + " of " + size);
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            channel.read(headerBytes, 8);
            JsonObject header;
            try {
                header =
                        JsonParser.parseString(
                                        new String(headerBytes.array(), StandardCharsets.UTF_8))
                                .getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IOException(file + ": the safetensors header is not a JSON object", e);
            }
            long dataStart = 8 + n;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonObject info = e.getValue().getAsJsonObject();
                long begin = info.getAsJsonArray("data_offsets").get(0).getAsLong();
                long end = info.getAsJsonArray("data_offsets").get(1).getAsLong();
                if (begin < 0
                        || end < begin
                        || dataStart + end > size
                        || end - begin > Integer.MAX_VALUE) {
                    throw new IOException(
                            file + ": tensor " + e.getKey() + " lies outside the file");
                }
                long[] shape =
                        info.getAsJsonArray("shape").asList().stream()
                                .mapToLong(JsonElement::getAsLong)
                                .toArray();
                ByteBuffer data = ByteBuffer.allocate((int) (end - begin));
                channel.read(data, dataStart + begin);
                tensors.put(
                        e.getKey(),
                        new Tensor(info.get("dtype").getAsString(), shape, data.array()));
            }
            return tensors;
        }
    }
}
