package dev.primer.corpus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first pass of {@link CorpusFileParser}: reads a whole file (for gzip: every header, the
 * deflate data and every member's CRC-32/ISIZE trailer, {@link StrictGzipInputStream}) and emits
 * nothing, so that only a file that reads completely and correctly is parsed. Also opens a raw
 * stream as gzip or plain text by its magic bytes, for both passes and for {@link CorpusInputs}.
 */
final class CorpusFileVerifier {

  private CorpusFileVerifier() {}

  /**
   * The outcome of reading a file to its end.
   *
   * @param line the line being read when decoding failed (1-based)
   * @param offset decompressed bytes read before the failure
   * @param compressedOffset compressed byte offset of the failure, -1 for plain files
   * @param failure null when the whole file read correctly
   */
  record Verification(long line, long offset, long compressedOffset, IOException failure) {}

  /** Reads the file to its end (decompressing and checking gzip), counting lines and bytes. */
  static Verification verify(CorpusFileParser.Opener opener) {
    long lines = 1;
    long bytes = 0;
    InputStream in = null;
    try {
      in = decompressing(opener.open());
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        bytes += n;
      }
      return new Verification(lines, bytes, -1, null);
    } catch (IOException e) {
      long compressed = in instanceof StrictGzipInputStream gz ? gz.compressedOffset() : -1;
      return new Verification(lines, bytes, compressed, e);
    } finally {
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // the verdict is already taken
        }
      }
    }
  }

  /**
   * Wraps {@code raw} in a gzip decoder when it starts with the gzip magic bytes.
   *
   * @throws IOException when the gzip header cannot be read
   */
  static InputStream decompressing(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new StrictGzipInputStream(in);
    }
    return in;
  }
}
