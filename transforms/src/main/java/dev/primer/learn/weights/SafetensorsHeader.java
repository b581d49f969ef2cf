package dev.primer.learn.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a safetensors file: an 8-byte little-endian length, then that many bytes of UTF-8
 * JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}
 * (offsets relative to the data that follows the header), plus an optional {@code __metadata__} map
 * of strings.
 */
public final class SafetensorsHeader {

  /** Largest header accepted (the reference implementation's limit). */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * One tensor's header entry.
   *
   * @param name tensor name
   * @param dtype safetensors dtype string (F32, F16, BF16, I64, ...)
   * @param shape dimensions
   * @param begin first byte, relative to the start of the data
   * @param end one past the last byte
   */
  public record Entry(String name, String dtype, long[] shape, long begin, long end) {

    /** Number of elements. */
    public long numel() {
      return Tensor.numel(shape);
    }
  }

  private final Map<String, String> metadata;
  private final List<Entry> entries;
  private final long headerBytes;

  SafetensorsHeader(Map<String, String> metadata, List<Entry> entries, long headerBytes) {
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    this.entries = List.copyOf(entries);
    this.headerBytes = headerBytes;
  }

  /** The {@code __metadata__} map (empty when absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Entries in the order of the JSON header. */
  public List<Entry> entries() {
    return entries;
  }

  /** The entry called {@code name}, or {@code null}. */
  public Entry entry(String name) {
    for (Entry e : entries) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** Size of the JSON header in bytes (without the 8-byte length). */
  public long headerBytes() {
    return headerBytes;
  }

  /** Size of the data section: the largest end offset. */
  public long dataBytes() {
    long max = 0;
    for (Entry e : entries) {
      max = Math.max(max, e.end());
    }
    return max;
  }

  /** Bytes per element of a safetensors dtype, or -1 when unknown. */
  public static int elementBytes(String dtype) {
    switch (dtype) {
      case "F64":
      case "I64":
      case "U64":
        return 8;
      case "F32":
      case "I32":
      case "U32":
        return 4;
      case "F16":
      case "BF16":
      case "I16":
      case "U16":
        return 2;
      case "I8":
      case "U8":
      case "BOOL":
        return 1;
      default:
        return -1;
    }
  }

  /**
   * Reads the length and JSON header from {@code in}, leaving it at the first data byte.
   *
   * @param source name of the file for error messages
   */
  public static SafetensorsHeader read(InputStream in, String source) throws IOException {
    byte[] lengthBytes = in.readNBytes(8);
    if (lengthBytes.length != 8) {
      throw new EOFException(source + ": not a safetensors file (shorter than 8 bytes)");
    }
    long n = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER_BYTES) {
      throw new IOException(source + ": not a safetensors file (header length " + n + ")");
    }
    byte[] json = in.readNBytes((int) n);
    if (json.length != n) {
      throw new EOFException(source + ": truncated safetensors header");
    }
    JsonNode root;
    try {
      root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(source + ": malformed safetensors header JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(source + ": safetensors header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (f.getKey().equals("__metadata__")) {
        f.getValue()
            .fields()
            .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      entries.add(parseEntry(f.getKey(), f.getValue(), source));
    }
    validate(entries, source);
    return new SafetensorsHeader(metadata, entries, n);
  }

  private static Entry parseEntry(String name, JsonNode node, String source) throws IOException {
    JsonNode dtype = node.get("dtype");
    JsonNode shape = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (dtype == null
        || shape == null
        || !shape.isArray()
        || offsets == null
        || !offsets.isArray()
        || offsets.size() != 2) {
      throw new IOException(source + ": malformed safetensors entry for tensor " + name);
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).asLong();
    }
    return new Entry(name, dtype.asText(), dims, offsets.get(0).asLong(), offsets.get(1).asLong());
  }

  private static void validate(List<Entry> entries, String source) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> Long.compare(a.begin(), b.begin()));
    long previousEnd = 0;
    for (Entry e : sorted) {
      int bytes = elementBytes(e.dtype());
      if (bytes < 0) {
        throw new IOException(source + ": tensor " + e.name() + " has unknown dtype " + e.dtype());
      }
      long expected = e.numel() * bytes;
      if (e.begin() < previousEnd || e.end() - e.begin() != expected) {
        throw new IOException(
            source
                + ": tensor "
                + e.name()
                + " has data_offsets ["
                + e.begin()
                + ", "
                + e.end()
                + "] that overlap or do not fit its dtype "
                + e.dtype()
                + " and shape "
                + Arrays.toString(e.shape()));
      }
      previousEnd = e.end();
    }
  }
}
