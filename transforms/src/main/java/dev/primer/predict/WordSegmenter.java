package dev.primer.predict;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Unicode-aware word segmentation of raw text for {@code predict}. Word boundaries come from {@link
 * BreakIterator#getWordInstance(Locale) java.text.BreakIterator}'s word instance (Unicode UAX #29
 * rules): runs of letters and digits are words, every other non-space segment (punctuation,
 * symbols, an emoji sequence) is a word of its own, white space separates. Scripts written without
 * spaces are split further: every Han, Hiragana, Katakana or Bopomofo character is a word of its
 * own (single-character words, as the Chinese and Japanese NER corpora of PAN-X tokenise them);
 * Hangul and Thai keep their segments. Offsets are {@code char} (UTF-16) indices into the line;
 * {@link #codePointOffset} converts them.
 */
public final class WordSegmenter {

  /**
   * One word.
   *
   * @param text its text
   * @param start UTF-16 index of its first char in the line
   * @param end UTF-16 index after its last char
   */
  public record Word(String text, int start, int end) {}

  private WordSegmenter() {}

  /** The words of {@code line}, in order. */
  public static List<Word> segment(String line) {
    List<Word> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getWordInstance(Locale.ROOT);
    it.setText(line);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String segment = line.substring(start, end);
      if (segment.codePoints().allMatch(WordSegmenter::isSpace)) {
        continue;
      }
      splitSegment(segment, start, out);
    }
    return out;
  }

  private static void splitSegment(String segment, int offset, List<Word> out) {
    int runStart = -1;
    int i = 0;
    while (i < segment.length()) {
      int cp = segment.codePointAt(i);
      int n = Character.charCount(cp);
      if (isSpace(cp)) {
        if (runStart >= 0) {
          out.add(word(segment, runStart, i, offset));
          runStart = -1;
        }
      } else if (isCharacterWord(cp)) {
        if (runStart >= 0) {
          out.add(word(segment, runStart, i, offset));
          runStart = -1;
        }
        out.add(word(segment, i, i + n, offset));
      } else if (runStart < 0) {
        runStart = i;
      }
      i += n;
    }
    if (runStart >= 0) {
      out.add(word(segment, runStart, segment.length(), offset));
    }
  }

  private static Word word(String segment, int from, int to, int offset) {
    return new Word(segment.substring(from, to), offset + from, offset + to);
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x200B || cp == 0xFEFF;
  }

  /** Whether a code point is a word by itself: Han, Hiragana, Katakana, Bopomofo. */
  static boolean isCharacterWord(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HAN
        || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA
        || s == Character.UnicodeScript.BOPOMOFO;
  }

  /** The code-point index of UTF-16 index {@code charIndex} in {@code line}. */
  public static int codePointOffset(String line, int charIndex) {
    return line.codePointCount(0, charIndex);
  }
}
