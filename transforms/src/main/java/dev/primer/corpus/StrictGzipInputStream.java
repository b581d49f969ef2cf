package dev.primer.corpus;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip stream (RFC 1952, one or more members) and checks all of it: every header
 * (magic, method, reserved flag bits, the optional header CRC), the deflate data, and every
 * member's trailer (CRC-32 and ISIZE of the decompressed bytes). Unlike {@link
 * java.util.zip.GZIPInputStream} it also rejects bytes after the last member that do not start a
 * new member. Every failure is an {@link IOException} whose message names the byte offset in the
 * compressed file where decoding failed ({@link #compressedOffset()}); {@link
 * #decompressedOffset()} tells how many decompressed bytes were delivered before it.
 *
 * <p>Invariant: end of stream ({@code -1}) is returned only after the last member's trailer has
 * been verified and the compressed input is exhausted.
 */
public final class StrictGzipInputStream extends InputStream {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xe0;

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private int pos;
  private int end;
  private long failedAt = -1;
  private long base;
  private long memberBytes;
  private long decompressed;
  private boolean inMember;
  private boolean started;
  private boolean finished;
  private boolean closed;

  /** Decompresses {@code in}, which must start with a gzip header. */
  public StrictGzipInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (!finished) {
      if (!inMember) {
        if (!startMember()) {
          finished = true;
          break;
        }
        continue;
      }
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw fail("invalid deflate data (" + e.getMessage() + ")", inflaterPosition());
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberBytes += n;
        decompressed += n;
        return n;
      }
      if (inflater.finished()) {
        pos = end - inflater.getRemaining();
        readTrailer();
        inMember = false;
      } else if (inflater.needsDictionary()) {
        throw fail("deflate data asks for a preset dictionary", inflaterPosition());
      } else if (inflater.needsInput()) {
        if (pos == end && !fill()) {
          throw truncated("inside the deflate data of a member");
        }
        inflater.setInput(buffer, pos, end - pos);
        pos = end;
      }
    }
    return -1;
  }

  /** Reads the next member's header; false at the end of the input after a complete member. */
  private boolean startMember() throws IOException {
    long at = base + pos;
    int id1 = nextByteOrEof();
    if (id1 < 0) {
      if (!started) {
        throw fail("empty input: no gzip header", at);
      }
      return false;
    }
    int id2 = nextByteOrEof();
    if (id1 != 0x1f || id2 != 0x8b) {
      throw fail(
          started
              ? "bytes after the end of the last gzip member do not start a new member"
              : "no gzip magic bytes",
          at);
    }
    headerCrc.reset();
    headerCrc.update(0x1f);
    headerCrc.update(0x8b);
    int method = headerByte();
    if (method != 8) {
      throw fail("gzip compression method " + method + " is not deflate (8)", at + 2);
    }
    int flags = headerByte();
    if ((flags & RESERVED) != 0) {
      throw fail("gzip header has reserved flag bits set (" + flags + ")", at + 3);
    }
    for (int i = 0; i < 6; i++) {
      headerByte(); // MTIME (4), XFL, OS
    }
    if ((flags & FEXTRA) != 0) {
      int length = headerByte() | (headerByte() << 8);
      for (int i = 0; i < length; i++) {
        headerByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (headerByte() != 0) {
        // file name, zero-terminated
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (headerByte() != 0) {
        // comment, zero-terminated
      }
    }
    if ((flags & FHCRC) != 0) {
      long expected = headerCrc.getValue() & 0xffff;
      long stored = nextByte() | (nextByte() << 8);
      if (stored != expected) {
        throw fail("gzip header CRC mismatch", base + pos - 2);
      }
    }
    started = true;
    inMember = true;
    memberBytes = 0;
    crc.reset();
    inflater.reset();
    return true;
  }

  private void readTrailer() throws IOException {
    long at = base + pos;
    long storedCrc =
        nextByte() | (nextByte() << 8) | (nextByte() << 16) | ((long) nextByte() << 24);
    long storedSize =
        nextByte() | (nextByte() << 8) | (nextByte() << 16) | ((long) nextByte() << 24);
    if (storedCrc != crc.getValue()) {
      throw fail(
          "gzip trailer CRC-32 mismatch (stored "
              + Long.toHexString(storedCrc)
              + ", computed "
              + Long.toHexString(crc.getValue())
              + ")",
          at);
    }
    if (storedSize != (memberBytes & 0xffffffffL)) {
      throw fail(
          "gzip trailer ISIZE mismatch (stored "
              + storedSize
              + ", decompressed "
              + memberBytes
              + " bytes)",
          at + 4);
    }
  }

  private int headerByte() throws IOException {
    int b = nextByte();
    headerCrc.update(b);
    return b;
  }

  private int nextByte() throws IOException {
    int b = nextByteOrEof();
    if (b < 0) {
      throw truncated("inside a gzip header or trailer");
    }
    return b;
  }

  private int nextByteOrEof() throws IOException {
    if (pos == end && !fill()) {
      return -1;
    }
    return buffer[pos++] & 0xff;
  }

  private boolean fill() throws IOException {
    base += end;
    pos = 0;
    end = 0;
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    end = n;
    return true;
  }

  private long inflaterPosition() {
    return base + end - inflater.getRemaining();
  }

  private ZipException fail(String problem, long offset) {
    failedAt = offset;
    return new ZipException(
        problem
            + " at compressed byte "
            + offset
            + " (after "
            + decompressed
            + " decompressed bytes)");
  }

  private EOFException truncated(String where) {
    failedAt = base + end;
    return new EOFException(
        "truncated gzip: the compressed data ends "
            + where
            + " at compressed byte "
            + failedAt
            + " (after "
            + decompressed
            + " decompressed bytes)");
  }

  /**
   * The compressed byte offset where decoding failed, or the number of compressed bytes consumed so
   * far when it has not failed.
   */
  public long compressedOffset() {
    return failedAt >= 0 ? failedAt : base + pos;
  }

  /** Decompressed bytes delivered so far. */
  public long decompressedOffset() {
    return decompressed;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      inflater.end();
      in.close();
    }
  }
}
