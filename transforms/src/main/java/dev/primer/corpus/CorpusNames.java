package dev.primer.corpus;

import dev.primer.io.PathSegments;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks and normalizes the language codes, split names and corpus names of staged sentences. Each
 * becomes a path segment of the stage's output ({@code lang=L/split=S}), so each is also a safe
 * segment ({@link PathSegments}).
 */
public final class CorpusNames {

  /** The split names a staged sentence may have. */
  public static final String TRAIN = "train";

  /** Development split (CoNLL {@code testa} and {@code val} map to it). */
  public static final String DEV = "dev";

  /** Test split (CoNLL {@code testb} maps to it). */
  public static final String TEST = "test";

  private static final Pattern LANG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  private static final Pattern CORPUS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private CorpusNames() {}

  /**
   * Whether {@code lang} is a usable language code: 2 or 3 lower-case letters (ISO 639-1 or 639-3),
   * optionally followed by {@code -subtag}s, e.g. {@code en}, {@code hau}, {@code zh-Hans}.
   */
  public static boolean isLanguage(String lang) {
    return PathSegments.isSafe(lang) && LANG.matcher(lang).matches();
  }

  /** Whether {@code split} is one of {@code train}, {@code dev}, {@code test}. */
  public static boolean isSplit(String split) {
    return TRAIN.equals(split) || DEV.equals(split) || TEST.equals(split);
  }

  /** Whether {@code name} is usable as a corpus name (letters, digits, {@code _ . -}). */
  public static boolean isCorpusName(String name) {
    return PathSegments.isSafe(name) && CORPUS.matcher(name).matches();
  }

  /**
   * Maps a split word found in a file name to a split: {@code train}; {@code dev}, {@code val},
   * {@code valid}, {@code validation}, {@code testa} to {@code dev}; {@code test}, {@code testb} to
   * {@code test}.
   */
  public static Optional<String> splitFromFileWord(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "train":
        return Optional.of(TRAIN);
      case "dev":
      case "val":
      case "valid":
      case "validation":
      case "testa":
        return Optional.of(DEV);
      case "test":
      case "testb":
        return Optional.of(TEST);
      default:
        return Optional.empty();
    }
  }
}
