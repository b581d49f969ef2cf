package dev.primer.encode;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/** What the encoder does with a tag outside the label space or not valid IOB2. */
public enum UnknownTagPolicy implements OptionEnum {
  /** Send the whole sentence to the dead letters (reason UNKNOWN_TAG or INVALID_TAG). */
  DEAD_LETTER,
  /** Encode the word as {@code O} and count it ({@code mappedTags}). */
  MAP_TO_O;

  /**
   * The constant an option names (case-insensitive, {@code -} read as {@code _}); Beam reads the
   * option through it.
   *
   * @throws IllegalArgumentException naming the valid names
   */
  @JsonCreator
  public static UnknownTagPolicy fromOptionName(String name) {
    return OptionNames.parse(UnknownTagPolicy.class, name, "tag policy");
  }
}
