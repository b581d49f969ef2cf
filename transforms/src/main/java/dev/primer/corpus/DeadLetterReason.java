package dev.primer.corpus;

/**
 * Why the {@code stage} stage rejected a sentence or a file. The name is written into {@link
 * dev.primer.schemas.DeadLetter#getReason()}; every rejected sentence carries exactly one reason:
 * that of its first offending line.
 */
public enum DeadLetterReason {
  /** A line is not valid UTF-8 (decoded strictly, line by line). */
  UNDECODABLE_BYTES("line is not valid UTF-8"),
  /** A line is longer than the line cap ({@link StageSettings#maxLineBytes()}). */
  LINE_TOO_LONG("line longer than the line cap"),
  /** A line holding only spaces or tabs inside a sentence (only an empty line ends a sentence). */
  WHITESPACE_LINE("whitespace-only line inside a sentence"),
  /** A token line has fewer or more columns than its format allows. */
  WRONG_COLUMN_COUNT("wrong number of columns"),
  /** The token column is empty or blank. */
  EMPTY_TOKEN("empty token"),
  /** A token holds a control character (NUL, ESC, ...: corrupted text). */
  CONTROL_CHARACTER("control character in a token"),
  /**
   * A tag breaks the tag grammar ({@link IobTags#isValid(String, LabelMap)}), or its type is not
   * allowed.
   */
  UNKNOWN_TAG("tag outside the IOB scheme or the allowed types"),
  /**
   * An IOB2 sentence has an {@code I-X} that does not continue an {@code X} entity, and the IOB
   * policy is {@link IobPolicy#DEAD_LETTER}.
   */
  INVALID_IOB("I- tag that does not continue an entity of its type"),
  /** The sentence has more tokens than the sanity cap ({@link StageSettings#maxTokens()}). */
  TOO_MANY_TOKENS("sentence longer than the token cap"),
  /** The file could not be read to its end (corrupt or truncated gzip, I/O error). */
  UNREADABLE_FILE("file could not be read to its end"),
  /** The file holds no token line at all (empty, or only blank and comment lines). */
  EMPTY_FILE("file holds no sentence");

  private final String description;

  DeadLetterReason(String description) {
    this.description = description;
  }

  /** A short human-readable description of the reason. */
  public String description() {
    return description;
  }
}
