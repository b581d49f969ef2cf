package dev.primer.learn.weights.tf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a TensorFlow tensor bundle index ({@code variables.index}): a {@link TfTable} whose empty
 * key holds a {@code BundleHeaderProto} and whose other keys map variable names to {@code
 * BundleEntryProto}s. Supports single-shard, little-endian bundles of unpartitioned variables.
 */
public final class TfBundleIndex {

  private TfBundleIndex() {}

  /** Returns the entries in key (name) order. */
  public static List<BundleEntry> parse(byte[] indexFile, String source) throws IOException {
    List<BundleEntry> entries = new ArrayList<>();
    boolean headerSeen = false;
    for (Map.Entry<String, byte[]> e : TfTable.read(indexFile, source)) {
      if (e.getKey().isEmpty()) {
        checkHeader(e.getValue(), source);
        headerSeen = true;
      } else {
        entries.add(entry(e.getKey(), e.getValue(), source));
      }
    }
    if (!headerSeen) {
      throw new IOException(source + ": tensor bundle index has no header entry");
    }
    return entries;
  }

  private static void checkHeader(byte[] value, String source) throws IOException {
    ProtoReader r = new ProtoReader(value);
    int shards = 0;
    int endianness = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag >>> 3) {
        case 1:
          shards = (int) r.readVarint();
          break;
        case 2:
          endianness = (int) r.readVarint();
          break;
        default:
          r.skip(tag & 7);
      }
    }
    if (shards != 1) {
      throw new IOException(source + ": bundles with " + shards + " shards are not supported");
    }
    if (endianness != 0) {
      throw new IOException(source + ": big-endian bundles are not supported");
    }
  }

  private static BundleEntry entry(String name, byte[] value, String source) throws IOException {
    ProtoReader r = new ProtoReader(value);
    int dtype = 0;
    List<Long> dims = new ArrayList<>();
    int shard = 0;
    long offset = 0;
    long size = 0;
    int crc = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag >>> 3) {
        case 1:
          dtype = (int) r.readVarint();
          break;
        case 2:
          readShape(r.readMessage(), dims);
          break;
        case 3:
          shard = (int) r.readVarint();
          break;
        case 4:
          offset = r.readVarint();
          break;
        case 5:
          size = r.readVarint();
          break;
        case 6:
          crc = r.readFixed32();
          break;
        case 7:
          throw new IOException(source + ": variable " + name + " is partitioned (slices)");
        default:
          r.skip(tag & 7);
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    return new BundleEntry(name, dtype, shape, shard, offset, size, crc);
  }

  private static void readShape(ProtoReader shape, List<Long> dims) throws IOException {
    while (shape.hasMore()) {
      int tag = shape.readTag();
      if (tag >>> 3 == 2) {
        ProtoReader dim = shape.readMessage();
        long size = 0;
        while (dim.hasMore()) {
          int t = dim.readTag();
          if (t >>> 3 == 1) {
            size = dim.readVarint();
          } else {
            dim.skip(t & 7);
          }
        }
        dims.add(size);
      } else {
        shape.skip(tag & 7);
      }
    }
  }
}
