package dev.primer.vocab;

import java.util.ArrayList;
import java.util.List;

/**
 * A Java port of HuggingFace's {@code BertPreTokenizer}: splits on whitespace (removed) and
 * isolates every punctuation character (ASCII punctuation or Unicode category P*) as its own word.
 */
public final class BertPreTokenizer {

  private BertPreTokenizer() {}

  /** Splits normalized text into the words the WordPiece model sees. */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (BertNormalizer.isWhitespace(cp)) {
                flush(current, words);
              } else if (isPunctuation(cp)) {
                flush(current, words);
                words.add(new String(Character.toChars(cp)));
              } else {
                current.appendCodePoint(cp);
              }
            });
    flush(current, words);
    return words;
  }

  private static void flush(StringBuilder current, List<String> words) {
    if (current.length() > 0) {
      words.add(current.toString());
      current.setLength(0);
    }
  }

  /** ASCII punctuation (which includes symbols such as $ + < = > ^ ` | ~) or Unicode P*. */
  static boolean isPunctuation(int cp) {
    if (cp < 0x80) {
      return (cp >= 0x21 && cp <= 0x2F)
          || (cp >= 0x3A && cp <= 0x40)
          || (cp >= 0x5B && cp <= 0x60)
          || (cp >= 0x7B && cp <= 0x7E);
    }
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }
}
