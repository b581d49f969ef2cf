package dev.primer.learn.checkpoint;

import dev.primer.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Computes the SHA-256 and size of everything read, including skipped bytes (which {@link
 * java.security.DigestInputStream} would pass over undigested).
 */
final class DigestingInputStream extends FilterInputStream {

  private final MessageDigest digest = Sha256.digest();
  private final byte[] skipBuffer = new byte[1 << 16];
  private long bytes;

  DigestingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      bytes++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      bytes += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      int r = read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads to the end of the stream. */
  void drain() throws IOException {
    while (read(skipBuffer, 0, skipBuffer.length) >= 0) {
      // digest everything
    }
  }

  /** Hex SHA-256 of the bytes read so far (call once). */
  String sha256() {
    return Sha256.hex(digest);
  }

  /** Number of bytes read so far. */
  long bytes() {
    return bytes;
  }
}
