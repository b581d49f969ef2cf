package dev.primer.vocab;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A Java port of HuggingFace's {@code BertNormalizer}: the same steps in the same order (clean
 * text, space out CJK ideographs, strip accents, lowercase), so that words counted in Java for
 * vocabulary learning match what the Rust tokenizer sees at encoding time.
 *
 * <p>Character classes follow the Rust implementation: "control" is Unicode general category C*
 * (Cc, Cf, Cn, Co, Cs) except tab, newline and carriage return; "whitespace" is the Unicode
 * White_Space property plus those three. Java's Unicode tables may be older or newer than the Rust
 * crate's for characters assigned recently; this only matters for such characters.
 */
public final class BertNormalizer {

  private final BertNormalizerOptions options;

  /** A normalizer with the given options. */
  public BertNormalizer(BertNormalizerOptions options) {
    this.options = options;
  }

  /** Normalizes a piece of text. */
  public String normalize(String text) {
    String s = text;
    if (options.cleanText()) {
      s = cleanText(s);
    }
    if (options.handleChineseChars()) {
      s = spaceChineseChars(s);
    }
    if (options.effectiveStripAccents()) {
      s = stripAccents(s);
    }
    if (options.lowercase()) {
      s = lowercase(s);
    }
    return s;
  }

  static String cleanText(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
              }
              out.appendCodePoint(isWhitespace(cp) ? ' ' : cp);
            });
    return out.toString();
  }

  static String spaceChineseChars(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    s.codePoints()
        .forEach(
            cp -> {
              if (isChineseChar(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  static String stripAccents(String s) {
    String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(nfd.length());
    nfd.codePoints()
        .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  /** Lowercases code point by code point, without context (no final-sigma rule), like Rust. */
  static String lowercase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(cp -> out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT)));
    return out.toString();
  }

  /** Unicode White_Space, plus tab, newline and carriage return. */
  public static boolean isWhitespace(int cp) {
    switch (cp) {
      case 0x09,
          0x0A,
          0x0B,
          0x0C,
          0x0D,
          0x20,
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
  }

  /** General category C* except tab, newline and carriage return. */
  static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.UNASSIGNED,
          Character.PRIVATE_USE,
          Character.SURROGATE:
        return true;
      default:
        return false;
    }
  }

  /** The CJK ideograph blocks BERT splits into single characters. */
  public static boolean isChineseChar(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B920 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
