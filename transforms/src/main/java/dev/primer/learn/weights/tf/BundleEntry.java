package dev.primer.learn.weights.tf;

/**
 * One tensor of a TensorFlow tensor bundle ({@code BundleEntryProto}).
 *
 * @param name variable name, e.g. {@code module/bert/encoder/layer_0/attention/self/query/kernel}
 * @param dtype TensorFlow {@code DataType} number (1 = DT_FLOAT)
 * @param shape dimensions
 * @param shardId data shard holding the bytes
 * @param offset byte offset in the shard
 * @param size byte size
 * @param crc32c masked CRC32C of the bytes, as stored
 */
public record BundleEntry(
    String name, int dtype, long[] shape, int shardId, long offset, long size, int crc32c) {

  /** TensorFlow's {@code DT_FLOAT}. */
  public static final int DT_FLOAT = 1;

  /** Number of elements. */
  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
