package dev.primer.learn.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files written by DJL's safetensors encoder and by {@link SafetensorsWriter} are exchangeable. */
class SafetensorsDjlInteropTest {

  private static StateDict sampleWithoutEmpty() {
    StateDict all = SafetensorsRoundTripTest.sample();
    return all.filter(name -> !name.equals("empty"));
  }

  @Test
  void djlEncodedFileHasTheStandardLayoutAndReadsBitExact() throws Exception {
    StateDict dict = sampleWithoutEmpty();
    byte[] bytes;
    try (NDManager manager = NDManager.newBaseManager();
        NDList list = dict.toNDList(manager)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      list.encode(out, NDList.Encoding.SAFETENSORS);
      bytes = out.toByteArray();
    }
    // Parse DJL's header by hand: 8-byte little-endian length, JSON with dtype/shape/data_offsets.
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonNode root =
        new ObjectMapper()
            .readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    assertFalse(root.has("__metadata__"), "DJL writes no __metadata__");
    long total = 0;
    for (String name : dict.names()) {
      JsonNode entry = root.get(name);
      assertTrue(entry.has("dtype") && entry.has("shape") && entry.has("data_offsets"), name);
      total +=
          entry.get("data_offsets").get(1).asLong() - entry.get("data_offsets").get(0).asLong();
    }
    assertEquals(bytes.length - 8 - headerLength, total);

    SafetensorsFile file = SafetensorsReader.read(new ByteArrayInputStream(bytes), "djl");
    // DJL orders the JSON keys by hash; compare by name.
    assertEquals(dict.names(), file.tensors().names());
    for (String name : dict.names()) {
      assertTrue(dict.get(name).bitEquals(file.tensors().get(name)), name);
    }
  }

  @Test
  void ourFileDecodesInDjlBitExact() throws Exception {
    StateDict dict = sampleWithoutEmpty();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafetensorsWriter.write(dict, Map.of("format", "pt"), out);
    try (NDManager manager = NDManager.newBaseManager();
        NDList list = NDList.decode(manager, new ByteArrayInputStream(out.toByteArray()))) {
      assertEquals(dict.size(), list.size());
      for (NDArray array : list) {
        Tensor expected = dict.get(array.getName());
        assertArrayEquals(expected.shape(), array.getShape().getShape(), array.getName());
        assertTrue(expected.bitEquals(Tensor.fromNDArray(array)), array.getName());
      }
      assertTrue(dict.bitEquals(reorder(StateDict.fromNDList(list), dict)));
    }
  }

  private static StateDict reorder(StateDict d, StateDict order) {
    StateDict out = new StateDict();
    for (String name : order.names()) {
      out.put(name, d.require(name));
    }
    return out;
  }
}
