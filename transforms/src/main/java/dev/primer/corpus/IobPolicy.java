package dev.primer.corpus;

/**
 * What to do with an IOB2 sentence in which an {@code I-X} tag does not continue an {@code X}
 * entity (it follows {@code O}, another type, or starts the sentence).
 */
public enum IobPolicy {
  /**
   * Turn the tag into {@code B-X} and record the repair in {@code Sentence.repairs}, as {@code
   * I_AFTER_O@i} (after {@code O} or at the start) or {@code I_AFTER_OTHER@i} (after another type),
   * with {@code i} the 0-based token index. The default.
   */
  REPAIR,
  /** Reject the whole sentence as one dead letter with reason {@code INVALID_IOB}. */
  DEAD_LETTER;

  /** Parses {@code repair} or {@code dead_letter} (any case, {@code -} for {@code _}). */
  public static IobPolicy parse(String value) {
    String name = value.trim().replace('-', '_');
    for (IobPolicy policy : values()) {
      if (policy.name().equalsIgnoreCase(name)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown IOB policy '" + value + "': use repair or dead_letter");
  }
}
