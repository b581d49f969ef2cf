package dev.primer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How option values name things, one way for every option: a comma-separated list option is split
 * by {@link #list}; an enum option names a constant as {@link #find} reads it, for the {@code
 * JsonCreator} parsers of the enums that pipeline options use (Beam reads enum options through
 * Jackson): case-insensitively, {@code -} and {@code _} alike, by the constant's option name or by
 * its Java name.
 */
public final class OptionNames {

  private OptionNames() {}

  /** The constant named {@code value}, if any. */
  public static <E extends Enum<E>> Optional<E> find(
      Class<E> type, String value, Function<E, String> optionName) {
    if (value == null) {
      return Optional.empty();
    }
    String v = normalise(value);
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> normalise(optionName.apply(e)).equals(v) || normalise(e.name()).equals(v))
        .findFirst();
  }

  /**
   * The constant named {@code value}.
   *
   * @param what what the constants are, for the message (e.g. {@code meta-gradient order})
   * @throws IllegalArgumentException naming the option names, e.g. {@code unknown meta-gradient
   *     order 'third': expected first or second}
   */
  public static <E extends Enum<E> & OptionEnum> E parse(Class<E> type, String value, String what) {
    return find(type, value, E::optionName)
        .orElseThrow(
            () -> {
              List<String> names =
                  Arrays.stream(type.getEnumConstants()).map(E::optionName).toList();
              String last = names.get(names.size() - 1);
              String choices =
                  names.size() == 1
                      ? last
                      : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last;
              return new IllegalArgumentException(
                  "unknown " + what + " '" + value + "': expected " + choices);
            });
  }

  /**
   * A comma-separated list option, e.g. {@code --labelTypes=PER, LOC,,ORG -> [PER, LOC, ORG]}:
   * items trimmed, blanks dropped, order and repeats kept; a null or blank value is empty.
   */
  public static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String normalise(String s) {
    return s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
  }
}
