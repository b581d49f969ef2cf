package dev.primer.encode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.primer.OptionNames;

/** What the encoder does with a tag outside the label space or not valid IOB2. */
public enum UnknownTagPolicy {
  /** Send the whole sentence to the dead letters (reason UNKNOWN_TAG or INVALID_TAG). */
  DEAD_LETTER,
  /** Encode the word as {@code O} and count it ({@code mappedTags}). */
  MAP_TO_O;

  /** The option value ({@code dead-letter}, {@code map-to-o}); Jackson writes the constant so. */
  @JsonValue
  public String optionName() {
    return switch (this) {
      case DEAD_LETTER -> "dead-letter";
      case MAP_TO_O -> "map-to-o";
    };
  }

  /**
   * The constant an option names (case-insensitive, {@code -} read as {@code _}); Beam reads the
   * option through it.
   *
   * @throws IllegalArgumentException naming the valid names
   */
  @JsonCreator
  public static UnknownTagPolicy fromOptionName(String name) {
    return OptionNames.find(UnknownTagPolicy.class, name, UnknownTagPolicy::optionName)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown tag policy '" + name + "': expected dead-letter or map-to-o"));
  }
}
