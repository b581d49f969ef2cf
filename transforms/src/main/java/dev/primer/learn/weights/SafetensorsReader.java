package dev.primer.learn.weights;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads safetensors files from a stream in one forward pass (no seeking, so it works on any
 * channel). F32 and I64 are read as is; F16 and BF16 are widened to float32 in Java (decoding BF16
 * through DJL crashes the JVM); other dtypes are refused with a message naming the tensor.
 */
public final class SafetensorsReader {

  private static final int CHUNK = 1 << 20;

  private SafetensorsReader() {}

  /** Reads every tensor of the file. */
  public static SafetensorsFile read(InputStream in, String source) throws IOException {
    return read(in, source, name -> true);
  }

  /** Reads the tensors whose names pass {@code include}; the others are skipped. */
  public static SafetensorsFile read(InputStream in, String source, Predicate<String> include)
      throws IOException {
    SafetensorsHeader header = SafetensorsHeader.read(in, source);
    return new SafetensorsFile(header.metadata(), readData(header, in, source, include));
  }

  /**
   * Reads the data section that follows an already read {@code header}.
   *
   * @return the included tensors in header order
   */
  public static StateDict readData(
      SafetensorsHeader header, InputStream in, String source, Predicate<String> include)
      throws IOException {
    List<SafetensorsHeader.Entry> byOffset = new ArrayList<>(header.entries());
    byOffset.sort((a, b) -> Long.compare(a.begin(), b.begin()));
    Map<String, Tensor> read = new HashMap<>();
    byte[] chunk = new byte[CHUNK];
    long position = 0;
    for (SafetensorsHeader.Entry e : byOffset) {
      if (!include.test(e.name())) {
        continue;
      }
      skip(in, e.begin() - position, source);
      read.put(e.name(), readTensor(e, in, chunk, source));
      position = e.end();
    }
    StateDict out = new StateDict();
    for (SafetensorsHeader.Entry e : header.entries()) {
      Tensor t = read.get(e.name());
      if (t != null) {
        out.put(e.name(), t);
      }
    }
    return out;
  }

  private static Tensor readTensor(
      SafetensorsHeader.Entry e, InputStream in, byte[] chunk, String source) throws IOException {
    long numel = e.numel();
    if (numel > Integer.MAX_VALUE - 8) {
      throw new IOException(source + ": tensor " + e.name() + " is too large for one Java array");
    }
    int n = (int) numel;
    switch (e.dtype()) {
      case "F32":
        {
          float[] out = new float[n];
          readElements(
              in,
              chunk,
              4,
              n,
              source,
              e,
              (bb, off, count) -> bb.asFloatBuffer().get(out, off, count));
          return Tensor.of(out, e.shape());
        }
      case "F16":
        {
          float[] out = new float[n];
          readElements(
              in,
              chunk,
              2,
              n,
              source,
              e,
              (bb, off, count) -> {
                for (int i = 0; i < count; i++) {
                  out[off + i] = HalfFloats.f16ToFloat(bb.getShort(2 * i));
                }
              });
          return Tensor.of(out, e.shape());
        }
      case "BF16":
        {
          float[] out = new float[n];
          readElements(
              in,
              chunk,
              2,
              n,
              source,
              e,
              (bb, off, count) -> {
                for (int i = 0; i < count; i++) {
                  out[off + i] = HalfFloats.bf16ToFloat(bb.getShort(2 * i));
                }
              });
          return Tensor.of(out, e.shape());
        }
      case "I64":
        {
          long[] out = new long[n];
          readElements(
              in,
              chunk,
              8,
              n,
              source,
              e,
              (bb, off, count) -> bb.asLongBuffer().get(out, off, count));
          return Tensor.ofLongs(out, e.shape());
        }
      default:
        throw new IOException(
            source
                + ": tensor "
                + e.name()
                + " has dtype "
                + e.dtype()
                + "; supported are F32, F16, BF16 (read as float32) and I64");
    }
  }

  private interface ChunkSink {
    void accept(ByteBuffer littleEndian, int offset, int count);
  }

  private static void readElements(
      InputStream in,
      byte[] chunk,
      int elementBytes,
      int n,
      String source,
      SafetensorsHeader.Entry e,
      ChunkSink sink)
      throws IOException {
    int perChunk = chunk.length / elementBytes;
    int done = 0;
    while (done < n) {
      int count = Math.min(perChunk, n - done);
      int bytes = count * elementBytes;
      int got = in.readNBytes(chunk, 0, bytes);
      if (got != bytes) {
        throw new EOFException(source + ": data of tensor " + e.name() + " is truncated");
      }
      sink.accept(ByteBuffer.wrap(chunk, 0, bytes).order(ByteOrder.LITTLE_ENDIAN), done, count);
      done += count;
    }
  }

  private static void skip(InputStream in, long n, String source) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw new EOFException(source + ": safetensors data is truncated");
    }
  }
}
