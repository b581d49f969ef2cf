package dev.primer.learn.weights.tf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a TensorFlow table file ({@code tensorflow/core/lib/io/table}, the LevelDB SSTable layout
 * used by {@code variables.index}): a 48-byte footer with the index block handle and magic number,
 * an index block pointing at data blocks, each block a run of prefix-compressed key/value entries
 * followed by restart offsets, and a 5-byte trailer (compression type, masked CRC32C). Only
 * uncompressed blocks are supported (what TF's tensor bundles write).
 */
public final class TfTable {

  static final long MAGIC = 0xdb4775248b80fb57L;
  private static final int FOOTER = 48;
  private static final int TRAILER = 5;

  private TfTable() {}

  /**
   * Returns all key/value entries in key order.
   *
   * @param source file name for messages
   */
  public static List<Map.Entry<String, byte[]>> read(byte[] file, String source)
      throws IOException {
    if (file.length < FOOTER) {
      throw new IOException(source + ": too short for a TensorFlow table");
    }
    ProtoReader footer = new ProtoReader(file, file.length - FOOTER, file.length);
    footer.readVarint(); // metaindex offset
    footer.readVarint(); // metaindex size
    long indexOffset = footer.readVarint();
    long indexSize = footer.readVarint();
    long magic = new ProtoReader(file, file.length - 8, file.length).readFixed64();
    if (magic != MAGIC) {
      throw new IOException(source + ": not a TensorFlow table (bad magic number)");
    }
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> index : block(file, indexOffset, indexSize, source)) {
      ProtoReader handle = new ProtoReader(index.getValue());
      long offset = handle.readVarint();
      long size = handle.readVarint();
      entries.addAll(block(file, offset, size, source));
    }
    return entries;
  }

  private static List<Map.Entry<String, byte[]>> block(
      byte[] file, long offset, long size, String source) throws IOException {
    if (offset < 0 || size < 4 || offset + size + TRAILER > file.length) {
      throw new IOException(source + ": block handle out of range");
    }
    int from = (int) offset;
    int to = (int) (offset + size);
    int type = file[to];
    if (type != 0) {
      throw new IOException(
          source + ": compressed table block (type " + type + ") is not supported");
    }
    CRC32C crc = new CRC32C();
    crc.update(file, from, to - from + 1);
    int stored = new ProtoReader(file, to + 1, to + 5).readFixed32();
    if (unmask(stored) != (int) crc.getValue()) {
      throw new IOException(source + ": table block at " + offset + " fails its CRC32C check");
    }
    int restarts = new ProtoReader(file, to - 4, to).readFixed32();
    int entriesEnd = to - 4 - 4 * restarts;
    if (restarts < 0 || entriesEnd < from) {
      throw new IOException(source + ": malformed table block at " + offset);
    }
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    ProtoReader r = new ProtoReader(file, from, entriesEnd);
    byte[] key = new byte[0];
    while (r.hasMore()) {
      int shared = (int) r.readVarint();
      int nonShared = (int) r.readVarint();
      int valueLength = (int) r.readVarint();
      int p = r.position();
      if (shared > key.length || p + nonShared + valueLength > entriesEnd) {
        throw new IOException(source + ": malformed table entry in block at " + offset);
      }
      byte[] next = Arrays.copyOf(key, shared + nonShared);
      System.arraycopy(file, p, next, shared, nonShared);
      key = next;
      byte[] value = Arrays.copyOfRange(file, p + nonShared, p + nonShared + valueLength);
      out.add(
          new AbstractMap.SimpleImmutableEntry<>(new String(key, StandardCharsets.UTF_8), value));
      r.advance(nonShared + valueLength);
    }
    return out;
  }

  /** Undoes LevelDB/TF's CRC masking: {@code rotateRight(crc - 0xa282ead8, 17)}. */
  static int unmask(int masked) {
    int rot = masked - 0xa282ead8;
    return (rot >>> 17) | (rot << 15);
  }

  /** Masks a CRC as LevelDB/TF store it. */
  static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }
}
