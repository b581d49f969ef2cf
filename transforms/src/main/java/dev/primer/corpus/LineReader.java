package dev.primer.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated lines from a (decompressed) byte stream, tracking each line's 1-based
 * number and the 0-based byte offset of its start, and decoding each line strictly as UTF-8. A
 * trailing {@code \r} is dropped, and so is a UTF-8 byte order mark at the start of the stream
 * (offsets still count its bytes). Lines longer than the cap are skipped to their end and flagged.
 */
final class LineReader {
  private static final int BUFFER = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[BUFFER];
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int bufferPos;
  private int bufferEnd;
  private byte[] line = new byte[256];
  private int lineLength;
  private long lineBytes;
  private boolean eof;

  private long nextNumber = 1;
  private long nextOffset;
  private long number;
  private long offset;
  private String text;
  private boolean undecodable;
  private boolean tooLong;

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads the next line.
   *
   * @return false at the end of the stream
   * @throws IOException when the stream fails; {@link #nextNumber()} and {@link #nextOffset()} then
   *     tell where
   */
  boolean next() throws IOException {
    if (eof) {
      return false;
    }
    lineLength = 0;
    lineBytes = 0;
    boolean terminated = false;
    while (!terminated) {
      if (bufferPos == bufferEnd && !fill()) {
        eof = true;
        break;
      }
      int start = bufferPos;
      int newline = -1;
      for (int i = start; i < bufferEnd; i++) {
        if (buffer[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline < 0 ? bufferEnd : newline;
      append(start, end - start);
      bufferPos = newline < 0 ? bufferEnd : newline + 1;
      terminated = newline >= 0;
    }
    if (!terminated && lineBytes == 0) {
      return false;
    }
    number = nextNumber;
    offset = nextOffset;
    nextNumber++;
    nextOffset += lineBytes + (terminated ? 1 : 0);
    decode();
    return true;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, BUFFER);
    while (n == 0) {
      n = in.read(buffer, 0, BUFFER);
    }
    bufferPos = 0;
    bufferEnd = Math.max(n, 0);
    return n > 0;
  }

  private void append(int start, int length) {
    lineBytes += length;
    int room = maxLineBytes - lineLength;
    int copy = Math.min(length, Math.max(room, 0));
    if (copy > 0) {
      if (lineLength + copy > line.length) {
        line =
            Arrays.copyOf(
                line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + copy)));
      }
      System.arraycopy(buffer, start, line, lineLength, copy);
      lineLength += copy;
    }
  }

  private void decode() {
    tooLong = lineBytes > maxLineBytes;
    int from = 0;
    int length = lineLength;
    if (number == 1
        && length >= 3
        && (line[0] & 0xff) == 0xef
        && (line[1] & 0xff) == 0xbb
        && (line[2] & 0xff) == 0xbf) {
      from = 3;
      length -= 3;
    }
    if (!tooLong && length > 0 && line[from + length - 1] == '\r') {
      length--;
    }
    boolean ascii = true;
    for (int i = from; i < from + length; i++) {
      if (line[i] < 0) {
        ascii = false;
        break;
      }
    }
    undecodable = false;
    if (ascii) {
      text = new String(line, from, length, StandardCharsets.ISO_8859_1);
      return;
    }
    try {
      text = decoder.decode(ByteBuffer.wrap(line, from, length)).toString();
    } catch (CharacterCodingException e) {
      undecodable = true;
      text = new String(line, from, length, StandardCharsets.UTF_8);
    }
  }

  /** 1-based number of the current line. */
  long number() {
    return number;
  }

  /** 0-based byte offset of the start of the current line. */
  long offset() {
    return offset;
  }

  /**
   * The current line's text: strictly decoded, or with U+FFFD for bad bytes when {@link
   * #undecodable()}; cut at the line cap when {@link #tooLong()}.
   */
  String text() {
    return text;
  }

  /** Whether the current line is not valid UTF-8. */
  boolean undecodable() {
    return undecodable;
  }

  /** Whether the current line is longer than the line cap. */
  boolean tooLong() {
    return tooLong;
  }

  /** Number of bytes of the current line, terminator excluded. */
  long lineBytes() {
    return lineBytes;
  }

  /** Number the next line would have (where a read failure happened). */
  long nextNumber() {
    return nextNumber;
  }

  /** Byte offset the next line would start at (where a read failure happened). */
  long nextOffset() {
    return nextOffset;
  }
}
