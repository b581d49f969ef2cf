package dev.primer.learn.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes a {@link StateDict} as a standard safetensors file: 8-byte little-endian header length, a
 * JSON header (optional {@code __metadata__} first, then the tensors in state-dict order with
 * contiguous {@code data_offsets}) padded with spaces to a multiple of 8 bytes, then the raw
 * little-endian data. Float32 tensors are written as F32, int64 as I64.
 *
 * <p>Written instead of DJL's {@code NDList.encode(SAFETENSORS)}, which has no metadata, uses int
 * offsets (files over 2 GiB fail) and needs every tensor as an NDArray.
 */
public final class SafetensorsWriter {

  private static final ObjectMapper JSON = Json.mapper();
  private static final int CHUNK = 1 << 20;

  private SafetensorsWriter() {}

  /**
   * Writes {@code tensors} with {@code metadata} (may be empty) to {@code out}; does not close it.
   *
   * @return the number of bytes written
   */
  public static long write(StateDict tensors, Map<String, String> metadata, OutputStream out)
      throws IOException {
    byte[] header = header(tensors, metadata);
    ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    length.putLong(header.length);
    out.write(length.array());
    out.write(header);
    long written = 8L + header.length;
    byte[] chunk = new byte[CHUNK];
    for (Tensor t : tensors.asMap().values()) {
      written += writeData(t, out, chunk);
    }
    out.flush();
    return written;
  }

  static byte[] header(StateDict tensors, Map<String, String> metadata) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = root.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.asMap().entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        throw new IllegalArgumentException("A tensor must not be called __metadata__");
      }
      Tensor t = e.getValue();
      ObjectNode entry = root.putObject(e.getKey());
      entry.put("dtype", t.dtype() == Tensor.DType.F32 ? "F32" : "I64");
      ArrayNode shape = entry.putArray("shape");
      Arrays.stream(t.shape()).forEach(shape::add);
      ArrayNode offsets = entry.putArray("data_offsets");
      offsets.add(offset);
      offset += t.byteSize();
      offsets.add(offset);
    }
    byte[] json = Json.compact().writeValueAsBytes(root);
    int padded = (json.length + 7) / 8 * 8;
    byte[] header = Arrays.copyOf(json, padded);
    Arrays.fill(header, json.length, padded, (byte) ' ');
    return header;
  }

  private static long writeData(Tensor t, OutputStream out, byte[] chunk) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int elementBytes = t.dtype().bytes();
    int perChunk = chunk.length / elementBytes;
    int n = (int) t.numel();
    for (int done = 0; done < n; done += perChunk) {
      int count = Math.min(perChunk, n - done);
      bb.clear();
      if (t.dtype() == Tensor.DType.F32) {
        bb.asFloatBuffer().put(t.floats(), done, count);
      } else {
        bb.asLongBuffer().put(t.longs(), done, count);
      }
      out.write(chunk, 0, count * elementBytes);
    }
    return t.byteSize();
  }
}
