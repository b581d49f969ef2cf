package dev.primer.corpus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines of one sentence while it is being read: its tokens and tags with their line positions,
 * its raw text (for a dead letter) and its first problem, if any.
 */
final class PendingSentence {
  /** Raw text kept per sentence; dead letters keep at most 4096 characters of it anyway. */
  static final int RAW_CAP = 64 * 1024;

  final long startLine;
  final long startOffset;
  final List<String> tokens = new ArrayList<>();
  final List<String> tags = new ArrayList<>();
  private long[] lines = new long[32];
  private long[] offsets = new long[32];
  private final StringBuilder raw = new StringBuilder();
  private int lineCount;

  private DeadLetterReason reason;
  private long errorLine;
  private long errorOffset;
  private String detail;
  private int problems;

  PendingSentence(long startLine, long startOffset) {
    this.startLine = startLine;
    this.startOffset = startOffset;
  }

  /** Adds a line's raw text. */
  void addRaw(String text) {
    lineCount++;
    if (raw.length() >= RAW_CAP) {
      return;
    }
    if (raw.length() > 0) {
      raw.append('\n');
    }
    raw.append(text, 0, Math.min(text.length(), RAW_CAP - raw.length()));
  }

  /** Adds a good token line (only while the sentence has no problem). */
  void addToken(String token, String tag, long line, long offset) {
    int i = tokens.size();
    if (i == lines.length) {
      lines = Arrays.copyOf(lines, i * 2);
      offsets = Arrays.copyOf(offsets, i * 2);
    }
    lines[i] = line;
    offsets[i] = offset;
    tokens.add(token);
    tags.add(tag);
  }

  /** Records a problem; the first one decides the dead letter's reason and position. */
  void problem(DeadLetterReason why, long line, long offset, String text) {
    problems++;
    if (reason == null) {
      reason = why;
      errorLine = line;
      errorOffset = offset;
      detail = text;
    }
  }

  /** Records a problem at token {@code index}. */
  void problemAtToken(DeadLetterReason why, int index, String text) {
    problem(why, lines[index], offsets[index], text);
  }

  boolean hasProblem() {
    return reason != null;
  }

  int lineCount() {
    return lineCount;
  }

  DeadLetterReason reason() {
    return reason;
  }

  long errorLine() {
    return errorLine;
  }

  long errorOffset() {
    return errorOffset;
  }

  /** The first problem's detail, with the number of further problems. */
  String detail() {
    return problems > 1 ? detail + " (+" + (problems - 1) + " more problems)" : detail;
  }

  String raw() {
    return raw.toString();
  }
}
