package dev.primer.learn.weights;

import static dev.primer.learn.weights.SafetensorsTestFiles.raw;
import static dev.primer.learn.weights.SafetensorsTestFiles.shorts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SafetensorsReaderTest {

  private static StateDict read(byte[] bytes) throws IOException {
    return SafetensorsReader.read(new ByteArrayInputStream(bytes), "model.safetensors").tensors();
  }

  @Test
  void widensF16ToFloat32Exactly() throws IOException {
    // 1.0, -2.5, 65504 (max half), 2^-24 (smallest subnormal), 2^-14 (smallest normal), +inf, -0
    byte[] data = shorts(0x3c00, 0xc100, 0x7bff, 0x0001, 0x0400, 0x7c00, 0x8000);
    StateDict d =
        read(raw("{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]}}", data));
    float[] f = d.get("h").floats();
    assertArrayEquals(
        new float[] {1.0f, -2.5f, 65504f, 0x1p-24f, 0x1p-14f, Float.POSITIVE_INFINITY, -0.0f}, f);
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(f[6]));
  }

  @Test
  void widensBf16ToFloat32Exactly() throws IOException {
    // 1.0, -2.0, 3.140625 (0x4049), 1e-40-ish subnormal 0x0001, -inf
    byte[] data = shorts(0x3f80, 0xc000, 0x4049, 0x0001, 0xff80);
    StateDict d =
        read(raw("{\"b\":{\"dtype\":\"BF16\",\"shape\":[5,1],\"data_offsets\":[0,10]}}", data));
    assertArrayEquals(
        new float[] {
          1.0f, -2.0f, 3.140625f, Float.intBitsToFloat(0x00010000), Float.NEGATIVE_INFINITY
        },
        d.get("b").floats());
    assertArrayEquals(new long[] {5, 1}, d.get("b").shape());
  }

  @Test
  void readsTensorsStoredOutOfHeaderOrder() throws IOException {
    byte[] data = new byte[16];
    java.nio.ByteBuffer.wrap(data)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putFloat(1f)
        .putFloat(2f)
        .putLong(42L);
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"z_ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]},"
            + "\"a_w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    StateDict d = read(raw(header, data));
    assertEquals(Arrays.asList("z_ids", "a_w"), Arrays.asList(d.names().toArray()));
    assertArrayEquals(new float[] {1f, 2f}, d.get("a_w").floats());
    assertArrayEquals(new long[] {42L}, d.get("z_ids").longs());
  }

  @Test
  void unsupportedDtypeNamesTheTensor() {
    byte[] bytes =
        raw("{\"ids\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
    IOException e = assertThrows(IOException.class, () -> read(bytes));
    assertTrue(
        e.getMessage().contains("model.safetensors: tensor ids has dtype I32"), e.getMessage());
  }

  @Test
  void offsetsThatDoNotFitTheShapeAreRefused() {
    byte[] bytes =
        raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
    IOException e = assertThrows(IOException.class, () -> read(bytes));
    assertTrue(e.getMessage().contains("tensor w has data_offsets [0, 12]"), e.getMessage());
  }

  @Test
  void truncatedDataIsAnError() {
    byte[] bytes =
        raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[10]);
    IOException e = assertThrows(IOException.class, () -> read(bytes));
    assertTrue(e.getMessage().contains("tensor w is truncated"), e.getMessage());
  }

  @Test
  void notSafetensorsAtAll() {
    IOException e =
        assertThrows(IOException.class, () -> read("PK\u0003\u0004 not a safetensors".getBytes()));
    assertTrue(
        e.getMessage().startsWith("model.safetensors: not a safetensors file"), e.getMessage());
  }
}
