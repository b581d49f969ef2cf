package dev.primer.predict;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One line to tag.
 *
 * @param source file it came from
 * @param line 1-based line number
 * @param lang its language
 * @param text its text (already decoded)
 * @param tokens its words when pre-tokenized (then {@code text} is them joined by spaces), else
 *     {@code null}
 */
public record InputLine(String source, long line, String lang, String text, List<String> tokens)
    implements Serializable {

  /** A raw text line, segmented by {@link WordSegmenter}. */
  public InputLine(String source, long line, String lang, String text) {
    this(source, line, lang, text, null);
  }

  /** A pre-tokenized sentence. */
  public static InputLine tokenized(String source, long line, String lang, List<String> tokens) {
    return new InputLine(source, line, lang, String.join(" ", tokens), List.copyOf(tokens));
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
