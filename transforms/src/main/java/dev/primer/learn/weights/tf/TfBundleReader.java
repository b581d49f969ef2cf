package dev.primer.learn.weights.tf;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * Streams float32 tensors out of a tensor bundle's data shard ({@code
 * variables.data-00000-of-00001}) in one forward pass, in offset order, checking every tensor's
 * size and CRC32C against its {@link BundleEntry}.
 */
public final class TfBundleReader {

  private static final int CHUNK = 1 << 20;

  /** Receives one tensor at a time; {@code data} is a fresh array the sink may keep. */
  @FunctionalInterface
  public interface TensorSink {
    /** Called once per included tensor. */
    void accept(BundleEntry entry, float[] data) throws IOException;
  }

  private TfBundleReader() {}

  /**
   * Reads the tensors of {@code entries} passing {@code include} from {@code data}, which must be
   * positioned at the first byte of the shard.
   *
   * @param source name of the data file, for messages
   */
  public static void read(
      List<BundleEntry> entries,
      InputStream data,
      String source,
      Predicate<String> include,
      TensorSink sink)
      throws IOException {
    List<BundleEntry> byOffset = new ArrayList<>();
    for (BundleEntry e : entries) {
      if (include.test(e.name())) {
        if (e.dtype() != BundleEntry.DT_FLOAT) {
          throw new IOException(
              source + ": variable " + e.name() + " has TF dtype " + e.dtype() + ", not float32");
        }
        if (e.shardId() != 0) {
          throw new IOException(source + ": variable " + e.name() + " is in shard " + e.shardId());
        }
        if (e.size() != 4 * e.numel()) {
          throw new IOException(
              source
                  + ": variable "
                  + e.name()
                  + " has "
                  + e.size()
                  + " bytes for shape "
                  + Arrays.toString(e.shape()));
        }
        byOffset.add(e);
      }
    }
    byOffset.sort((a, b) -> Long.compare(a.offset(), b.offset()));
    byte[] chunk = new byte[CHUNK];
    long position = 0;
    for (BundleEntry e : byOffset) {
      if (e.offset() < position) {
        throw new IOException(source + ": variable " + e.name() + " overlaps the previous one");
      }
      try {
        data.skipNBytes(e.offset() - position);
      } catch (EOFException x) {
        throw new EOFException(source + ": data ends before variable " + e.name());
      }
      sink.accept(e, readFloats(e, data, chunk, source));
      position = e.offset() + e.size();
    }
  }

  private static float[] readFloats(BundleEntry e, InputStream in, byte[] chunk, String source)
      throws IOException {
    if (e.numel() > Integer.MAX_VALUE - 8) {
      throw new IOException(source + ": variable " + e.name() + " is too large for one array");
    }
    int n = (int) e.numel();
    float[] out = new float[n];
    CRC32C crc = new CRC32C();
    int done = 0;
    while (done < n) {
      int count = Math.min(chunk.length / 4, n - done);
      int got = in.readNBytes(chunk, 0, 4 * count);
      if (got != 4 * count) {
        throw new EOFException(source + ": data of variable " + e.name() + " is truncated");
      }
      crc.update(chunk, 0, got);
      ByteBuffer.wrap(chunk, 0, got)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(out, done, count);
      done += count;
    }
    if ((int) crc.getValue() != TfTable.unmask(e.crc32c())) {
      throw new IOException(source + ": variable " + e.name() + " fails its CRC32C check");
    }
    return out;
  }
}
