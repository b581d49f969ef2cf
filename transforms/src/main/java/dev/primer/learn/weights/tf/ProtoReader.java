package dev.primer.learn.weights.tf;

import java.io.IOException;

/**
 * A minimal protocol-buffer wire-format reader over a byte range (enough for TF's bundle index).
 */
final class ProtoReader {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private int pos;
  private final int end;

  ProtoReader(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  ProtoReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  boolean hasMore() {
    return pos < end;
  }

  int position() {
    return pos;
  }

  /** Reads a field key; returns {@code fieldNumber << 3 | wireType}. */
  int readTag() throws IOException {
    return (int) readVarint();
  }

  long readVarint() throws IOException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new IOException("Truncated varint");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IOException("Malformed varint");
  }

  int readFixed32() throws IOException {
    need(4);
    int v =
        (buf[pos] & 0xff)
            | (buf[pos + 1] & 0xff) << 8
            | (buf[pos + 2] & 0xff) << 16
            | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  long readFixed64() throws IOException {
    long lo = readFixed32() & 0xffffffffL;
    long hi = readFixed32() & 0xffffffffL;
    return lo | hi << 32;
  }

  /** Reads a length-delimited field and returns a reader over its bytes. */
  ProtoReader readMessage() throws IOException {
    int length = (int) readVarint();
    need(length);
    ProtoReader sub = new ProtoReader(buf, pos, pos + length);
    pos += length;
    return sub;
  }

  /** Reads a length-delimited field as bytes. */
  byte[] readBytes() throws IOException {
    int length = (int) readVarint();
    need(length);
    byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + length);
    pos += length;
    return out;
  }

  /** Moves {@code n} bytes forward. */
  void advance(int n) throws IOException {
    need(n);
    pos += n;
  }

  void skip(int wireType) throws IOException {
    switch (wireType) {
      case VARINT:
        readVarint();
        break;
      case FIXED64:
        need(8);
        pos += 8;
        break;
      case LENGTH_DELIMITED:
        readMessage();
        break;
      case FIXED32:
        need(4);
        pos += 4;
        break;
      default:
        throw new IOException("Unsupported protobuf wire type " + wireType);
    }
  }

  private void need(int n) throws IOException {
    if (n < 0 || pos + n > end) {
      throw new IOException("Truncated protobuf field");
    }
  }
}
