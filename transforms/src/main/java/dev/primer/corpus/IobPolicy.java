package dev.primer.corpus;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/**
 * What to do with an IOB2 sentence in which an {@code I-X} tag does not continue an {@code X}
 * entity (it follows {@code O}, another type, or starts the sentence).
 */
public enum IobPolicy implements OptionEnum {
  /**
   * Turn the tag into {@code B-X} and record the repair in {@code Sentence.repairs}, as {@code
   * I_AFTER_O@i} (after {@code O} or at the start) or {@code I_AFTER_OTHER@i} (after another type),
   * with {@code i} the 0-based token index. The default.
   */
  REPAIR,
  /** Reject the whole sentence as one dead letter with reason {@code INVALID_IOB}. */
  DEAD_LETTER;

  /** Parses {@code repair} or {@code dead-letter} (any case, {@code -} for {@code _}). */
  @JsonCreator
  public static IobPolicy parse(String value) {
    return OptionNames.parse(IobPolicy.class, value, "IOB policy");
  }
}
