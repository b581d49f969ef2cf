package dev.primer.learn.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SafetensorsRoundTripTest {

  static StateDict sample() {
    Random random = new Random(7);
    float[] w = new float[3 * 5];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
    }
    // Values whose bits must survive: NaN with payload, -0.0, a subnormal, infinity.
    float[] special = {
      Float.intBitsToFloat(0x7fc00123), -0.0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY
    };
    return new StateDict()
        .put("bert.encoder.layer.0.attention.self.query.weight", Tensor.of(w, 3, 5))
        .put("special", Tensor.of(special, 4))
        .put("scalar", Tensor.of(new float[] {3.5f}))
        .put("empty", Tensor.of(new float[0], 0, 7))
        .put(
            "bert.embeddings.position_ids",
            Tensor.ofLongs(new long[] {0, 1, Long.MAX_VALUE}, 1, 3));
  }

  static byte[] write(StateDict dict, Map<String, String> metadata) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = SafetensorsWriter.write(dict, metadata, out);
    assertEquals(out.size(), n);
    return out.toByteArray();
  }

  @Test
  void writeThenReadIsBitExact() throws Exception {
    StateDict dict = sample();
    byte[] bytes = write(dict, Map.of("format", "pt", "seed", "42"));
    SafetensorsFile file = SafetensorsReader.read(new ByteArrayInputStream(bytes), "test");
    assertTrue(dict.bitEquals(file.tensors()));
    assertEquals(Map.of("format", "pt", "seed", "42"), file.metadata());
  }

  @Test
  void bitEqualsNoticesOneFlippedBit() throws Exception {
    StateDict dict = sample();
    byte[] bytes = write(dict, Map.of());
    bytes[bytes.length - 30] ^= 1;
    SafetensorsFile file = SafetensorsReader.read(new ByteArrayInputStream(bytes), "test");
    assertFalse(dict.bitEquals(file.tensors()));
  }

  /** Parses the written file by hand, as another tool would, to check the standard layout. */
  @Test
  void writtenLayoutIsStandardSafetensors() throws Exception {
    StateDict dict = sample();
    byte[] bytes = write(dict, Map.of("format", "pt"));
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, (8 + headerLength) % 8, "data starts 8-byte aligned");
    String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"__metadata__\":{\"format\":\"pt\"}"), json);
    JsonNode root = new ObjectMapper().readTree(json);
    long dataLength = bytes.length - 8 - headerLength;
    long expectedBegin = 0;
    Iterator<String> names = root.fieldNames();
    assertEquals("__metadata__", names.next());
    for (String name : dict.names()) {
      assertEquals(name, names.next());
      JsonNode entry = root.get(name);
      Tensor t = dict.get(name);
      assertEquals(t.dtype() == Tensor.DType.F32 ? "F32" : "I64", entry.get("dtype").asText());
      long[] shape = new long[entry.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = entry.get("shape").get(i).asLong();
      }
      assertArrayEquals(t.shape(), shape);
      assertEquals(expectedBegin, entry.get("data_offsets").get(0).asLong());
      expectedBegin += t.byteSize();
      assertEquals(expectedBegin, entry.get("data_offsets").get(1).asLong());
    }
    assertFalse(names.hasNext());
    assertEquals(dataLength, expectedBegin);
    // First float of the first tensor, little-endian, right after the header.
    float first =
        ByteBuffer.wrap(bytes, (int) (8 + headerLength), 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .getFloat();
    assertEquals(
        Float.floatToRawIntBits(dict.get(dict.names().iterator().next()).floats()[0]),
        Float.floatToRawIntBits(first));
  }

  @Test
  void includeFilterSkipsTensors() throws Exception {
    byte[] bytes = write(sample(), Map.of());
    SafetensorsFile file =
        SafetensorsReader.read(
            new ByteArrayInputStream(bytes), "test", name -> name.startsWith("bert."));
    assertEquals(
        List.of("bert.encoder.layer.0.attention.self.query.weight", "bert.embeddings.position_ids"),
        List.copyOf(file.tensors().names()));
    assertArrayEquals(
        new long[] {0, 1, Long.MAX_VALUE},
        file.tensors().get("bert.embeddings.position_ids").longs());
  }

  @Test
  void headerAloneGivesShapesWithoutData() throws Exception {
    byte[] bytes = write(sample(), Map.of());
    int headerEnd = 8 + (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    SafetensorsHeader header =
        SafetensorsHeader.read(new ByteArrayInputStream(Arrays.copyOf(bytes, headerEnd)), "x");
    assertArrayEquals(new long[] {3, 5}, header.entries().get(0).shape());
  }
}
