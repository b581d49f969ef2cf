package dev.primer.predict;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One line to tag.
 *
 * @param source file it came from
 * @param line 1-based line number (of its first line, for a pre-tokenized sentence)
 * @param byteOffset 0-based byte offset of that line in the decompressed file, or -1 when unknown
 * @param lang its language
 * @param text its text (already decoded)
 * @param tokens its words when pre-tokenized (then {@code text} is them joined by spaces), else
 *     {@code null}
 */
public record InputLine(
    String source, long line, long byteOffset, String lang, String text, List<String> tokens)
    implements Serializable {

  /** A raw text line read at {@code byteOffset}, segmented by {@link WordSegmenter}. */
  public InputLine(String source, long line, long byteOffset, String lang, String text) {
    this(source, line, byteOffset, lang, text, null);
  }

  /** A raw text line of no file position (generated or in-memory input). */
  public InputLine(String source, long line, String lang, String text) {
    this(source, line, -1, lang, text, null);
  }

  /** A pre-tokenized sentence. */
  public static InputLine tokenized(
      String source, long line, long byteOffset, String lang, List<String> tokens) {
    return new InputLine(
        source, line, byteOffset, lang, String.join(" ", tokens), List.copyOf(tokens));
  }

  /** Its words: the given tokens with their offsets, or the segmentation of the text. */
  public List<WordSegmenter.Word> words() {
    if (tokens == null) {
      return WordSegmenter.segment(text);
    }
    List<WordSegmenter.Word> out = new ArrayList<>();
    int at = 0;
    for (String t : tokens) {
      out.add(new WordSegmenter.Word(t, at, at + t.length()));
      at += t.length() + 1;
    }
    return out;
  }

  /** A stable id: source and line number. */
  public String id() {
    return source + ":" + line;
  }
}
