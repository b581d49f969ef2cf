package dev.primer.predict;

import dev.primer.io.PathSegments;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --input} spec of {@code predict}:
 *
 * <ul>
 *   <li>{@code lang=xx:PATTERN}: raw text, one sentence per line, all in language {@code xx};
 *   <li>{@code jsonl:PATTERN}: one JSON object per line, {@code {"lang": "xx", "text": "..."}};
 *   <li>{@code tsv:lang=xx:PATTERN}: pre-tokenized, one token per line (first tab-separated
 *       column), a blank line after each sentence.
 * </ul>
 *
 * PATTERN is a file or glob on any Beam file system; gzip is recognised by the {@code .gz} suffix.
 *
 * @param format the format
 * @param lang the language of {@code TEXT} and {@code TSV} files; null for {@code JSONL}
 * @param pattern the file pattern
 */
public record PredictInput(Format format, String lang, String pattern) implements Serializable {

  /** Input formats. */
  public enum Format {
    TEXT,
    JSONL,
    TSV
  }

  private static final Pattern LANG = Pattern.compile("lang=([A-Za-z][A-Za-z0-9_-]*):(.+)");

  /** Longest accepted language code (BCP 47 tags in practice stay well under it). */
  public static final int MAX_LANGUAGE_LENGTH = 35;

  private static final Pattern LANGUAGE_CODE =
      Pattern.compile("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*");

  /**
   * Whether {@code lang} is a BCP-47-like language code: a primary subtag of 2 to 8 ASCII letters,
   * then subtags of 1 to 8 ASCII letters or digits after {@code -} or {@code _}, at most {@value
   * #MAX_LANGUAGE_LENGTH} characters in all. Such a code is safe as an output path segment.
   */
  public static boolean isLanguageCode(String lang) {
    return PathSegments.isSafe(lang)
        && lang.length() <= MAX_LANGUAGE_LENGTH
        && LANGUAGE_CODE.matcher(lang).matches();
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException with a message naming the accepted forms
   */
  public static PredictInput parse(String spec) {
    String s = spec.trim();
    if (s.startsWith("jsonl:") && s.length() > 6) {
      return new PredictInput(Format.JSONL, null, s.substring(6));
    }
    boolean tsv = s.startsWith("tsv:");
    Matcher m = LANG.matcher(tsv ? s.substring(4) : s);
    if (m.matches()) {
      if (!isLanguageCode(m.group(1))) {
        throw new IllegalArgumentException(
            "input '"
                + spec
                + "': lang="
                + m.group(1)
                + " is not a language code (2-8 letters, then -subtags; at most "
                + MAX_LANGUAGE_LENGTH
                + " characters)");
      }
      return new PredictInput(tsv ? Format.TSV : Format.TEXT, m.group(1), m.group(2));
    }
    throw new IllegalArgumentException(
        "input '"
            + spec
            + "' is not lang=xx:PATTERN (text, one sentence per line), jsonl:PATTERN"
            + " ({\"lang\":...,\"text\":...} per line) or tsv:lang=xx:PATTERN (one token per line)");
  }
}
