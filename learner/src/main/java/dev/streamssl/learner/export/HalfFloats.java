package dev.streamssl.learner.export;

/**
 * The 16-bit float formats of safetensors widened to float32, exactly (every value of either is a
 * float32): F16, IEEE 754 half precision (1 sign bit, 5 exponent bits of bias 15, 10 fraction bits:
 * (−1)ˢ · 2ᵉ⁻¹⁵ · 1.f, subnormals (−1)ˢ · f · 2⁻²⁴), and BF16, bfloat16 (the upper 16 bits of a
 * float32). Many published checkpoints are stored in one of them. Java 17 has no {@code
 * Float.float16ToFloat} (it came in Java 20).
 */
final class HalfFloats {
    private HalfFloats() {}

    static float fromF16(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int fraction = bits & 0x3FF;
        if (exponent == 0x1F) {
            // infinity, or NaN with its payload, made quiet as PyTorch and F16C's vcvtph2ps do
            int quiet = fraction == 0 ? 0 : 0x400000;
            return Float.intBitsToFloat(sign | 0x7F800000 | quiet | fraction << 13);
        }
        if (exponent == 0) {
            // zero and the subnormals: fraction · 2⁻²⁴, exact in float32
            float magnitude = fraction * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | fraction << 13);
    }

    static float fromBf16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
