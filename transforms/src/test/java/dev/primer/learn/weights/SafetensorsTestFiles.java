package dev.primer.learn.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds safetensors bytes by hand, independently of {@link SafetensorsWriter}. */
final class SafetensorsTestFiles {

  private SafetensorsTestFiles() {}

  /** 8-byte little-endian length, the JSON header as given, then {@code data}. */
  static byte[] raw(String headerJson, byte[] data) {
    byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
    out.writeBytes(header);
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** Little-endian 16-bit values. */
  static byte[] shorts(int... values) {
    ByteBuffer bb = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      bb.putShort((short) v);
    }
    return bb.array();
  }
}
