package dev.primer.learn.weights;

/** Widens IEEE half-precision (F16) and bfloat16 (BF16) bit patterns to float32, exactly. */
public final class HalfFloats {

  private HalfFloats() {}

  /** The float32 value of the bfloat16 bit pattern in the low 16 bits of {@code bits}. */
  public static float bf16ToFloat(int bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** The float32 value of the IEEE 754 half-precision bit pattern in the low 16 bits. */
  public static float f16ToFloat(int bits) {
    int sign = (bits >>> 15) & 1;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      // Zero or subnormal: mant * 2^-24, exact in float32.
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    if (exp == 0x1f) {
      return Float.intBitsToFloat((sign << 31) | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat((sign << 31) | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
