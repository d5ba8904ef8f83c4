package dev.streamssl.learner.export;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face), which PyTorch, timm and transformers load without running
 * code from the file: an 8-byte little-endian header length N, N bytes of JSON ({@code {name:
 * {"dtype", "shape", "data_offsets": [begin, end]}}}, padded with spaces to a multiple of 8), then
 * every tensor's raw little-endian bytes, offsets counted from the end of the header. Float32 and
 * int64 (BatchNorm's {@code num_batches_tracked}) are what streamssl writes; {@link Tensor#floats}
 * also reads float64 (narrowed), float16 and bfloat16 (widened exactly, {@link HalfFloats}) as
 * float32. Reading loops until every byte asked for has come (a stream may return fewer per call)
 * and checks that each tensor's bytes are as many as its dtype and shape need.
 */
public final class SafeTensors {
    /** A header longer than this is not a weights file (torchvision's largest is ~100 KB). */
    private static final long MAX_HEADER = 100L << 20;

    /** The dtypes {@link Tensor#floats} reads. */
    public static final List<String> FLOAT_DTYPES = List.of("F32", "F64", "F16", "BF16");

    /** Bytes per element of the dtypes the safetensors format defines. */
    private static final Map<String, Integer> ELEMENT_BYTES =
            Map.ofEntries(
                    Map.entry("F64", 8),
                    Map.entry("F32", 4),
                    Map.entry("F16", 2),
                    Map.entry("BF16", 2),
                    Map.entry("F8_E4M3", 1),
                    Map.entry("F8_E5M2", 1),
                    Map.entry("I64", 8),
                    Map.entry("I32", 4),
                    Map.entry("I16", 2),
                    Map.entry("I8", 1),
                    Map.entry("U64", 8),
                    Map.entry("U32", 4),
                    Map.entry("U16", 2),
                    Map.entry("U8", 1),
                    Map.entry("BOOL", 1));

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
            return FLOAT_DTYPES.contains(dtype);
        }

        /** The values as float32 (F32, F64, F16 and BF16 tensors). */
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
                case "F16", "BF16" -> {
                    float[] v = new float[data.length / 2];
                    boolean half = dtype.equals("F16");
                    for (int i = 0; i < v.length; i++) {
                        short bits = b.getShort();
                        v[i] = half ? HalfFloats.fromF16(bits) : HalfFloats.fromBf16(bits);
                    }
                    yield v;
                }
                default ->
                        throw new IllegalArgumentException(
                                "dtype "
                                        + dtype
                                        + " is not a float type streamssl reads ("
                                        + String.join(", ", FLOAT_DTYPES)
                                        + ")");
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
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        }
    }

    /**
     * Every tensor of a safetensors stream, in the header's order, {@code source} naming it in
     * errors. Tensors are read in the order of their offsets, so the stream is read once.
     */
    public static Map<String, Tensor> read(InputStream in, String source) throws IOException {
        byte[] lengthBytes = in.readNBytes(8);
        if (lengthBytes.length < 8) {
            throw new IOException(source + " is not a safetensors file: shorter than 8 bytes");
        }
        long n = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n <= 0 || n > MAX_HEADER) {
            throw new IOException(source + " is not a safetensors file: header length " + n);
        }
        byte[] headerBytes = in.readNBytes((int) n);
        if (headerBytes.length < n) {
            throw new IOException(
                    source
                            + " is not a safetensors file: header length "
                            + n
                            + " but only "
                            + headerBytes.length
                            + " bytes follow");
        }
        JsonObject header;
        try {
            header =
                    JsonParser.parseString(new String(headerBytes, StandardCharsets.UTF_8))
                            .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(source + ": the safetensors header is not a JSON object", e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (!e.getKey().equals("__metadata__")) {
                entries.add(Entry.of(source, e.getKey(), e.getValue().getAsJsonObject()));
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Map<String, byte[]> data = new LinkedHashMap<>();
        long position = 0;
        for (Entry e : byOffset) {
            if (e.begin() < position) {
                throw new IOException(
                        source + ": tensor " + e.name() + " overlaps the bytes of another");
            }
            byte[] bytes;
            try {
                in.skipNBytes(e.begin() - position);
                bytes = in.readNBytes((int) (e.end() - e.begin()));
            } catch (EOFException eof) {
                bytes = new byte[0];
            }
            if (bytes.length < e.end() - e.begin()) {
                throw new IOException(source + ": tensor " + e.name() + " lies outside the file");
            }
            data.put(e.name(), bytes);
            position = e.end();
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            tensors.put(e.name(), new Tensor(e.dtype(), e.shape(), data.get(e.name())));
        }
        return tensors;
    }

    /** One header entry, checked: offsets in order, as many bytes as dtype and shape need. */
    private record Entry(String name, String dtype, long[] shape, long begin, long end) {
        static Entry of(String source, String name, JsonObject info) throws IOException {
            long begin = info.getAsJsonArray("data_offsets").get(0).getAsLong();
            long end = info.getAsJsonArray("data_offsets").get(1).getAsLong();
            if (begin < 0 || end < begin || end - begin > Integer.MAX_VALUE) {
                throw new IOException(source + ": tensor " + name + " lies outside the file");
            }
            String dtype = info.get("dtype").getAsString();
            long[] shape =
                    info.getAsJsonArray("shape").asList().stream()
                            .mapToLong(JsonElement::getAsLong)
                            .toArray();
            Integer size = ELEMENT_BYTES.get(dtype);
            if (size != null) {
                long elements = 1;
                for (long d : shape) {
                    elements *= d;
                }
                if (elements * size != end - begin) {
                    throw new IOException(
                            source
                                    + ": tensor "
                                    + name
                                    + " of "
                                    + dtype
                                    + " and shape "
                                    + Arrays.toString(shape)
                                    + " needs "
                                    + elements * size
                                    + " bytes, its offsets give "
                                    + (end - begin));
                }
            }
            return new Entry(name, dtype, shape, begin, end);
        }
    }
}
