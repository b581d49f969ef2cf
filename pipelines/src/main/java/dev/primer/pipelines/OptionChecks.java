package dev.primer.pipelines;

import dev.primer.UserError;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The option checks every stage's plan shares: ranges of numbers and enum-like names. Each failure
 * is a {@link UserError} naming the flag and the value given.
 */
final class OptionChecks {

  private OptionChecks() {}

  /** {@code value >= min}. */
  static int atLeast(String flag, Integer value, int min) {
    if (value == null || value < min) {
      throw new UserError(flag + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** {@code value >= min}. */
  static long atLeast(String flag, Long value, long min) {
    if (value == null || value < min) {
      throw new UserError(flag + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** {@code value >= 0}. */
  static int nonNegative(String flag, Integer value) {
    return atLeast(flag, value, 0);
  }

  /** {@code value > 0}. */
  static int positive(String flag, Integer value) {
    if (value == null || value <= 0) {
      throw new UserError(flag + " must be > 0, got " + value);
    }
    return value;
  }

  /** {@code value > 0} (a learning rate). */
  static double positive(String flag, Double value) {
    if (value == null || !(value > 0)) {
      throw new UserError(flag + " must be > 0, got " + value);
    }
    return value;
  }

  /** {@code 0 <= value <= 1} (a ratio). */
  static double ratio(String flag, Double value) {
    if (value == null || !(value >= 0 && value <= 1)) {
      throw new UserError(flag + " must be in [0, 1], got " + value);
    }
    return value;
  }

  /** {@code 0 < value <= 1} (a probability that must be able to fire). */
  static double probability(String flag, Double value) {
    if (value == null || !(value > 0 && value <= 1)) {
      throw new UserError(flag + " must be in (0, 1], got " + value);
    }
    return value;
  }

  /** {@code 0 < value < 1} (a confidence level). */
  static double openUnit(String flag, Double value) {
    if (value == null || !(value > 0 && value < 1)) {
      throw new UserError(flag + " must be between 0 and 1, got " + value);
    }
    return value;
  }

  /**
   * An enum-like option read by its type's own parser (e.g. {@code
   * FinetuneMethod::fromOptionName}), whose {@link IllegalArgumentException} becomes a UserError
   * naming the flag.
   */
  static <T> T parse(String flag, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new UserError(flag + ": " + e.getMessage(), e);
    }
  }

  /**
   * An enum constant named by the option, case-insensitively and with {@code -} read as {@code _},
   * e.g. {@code first -> FIRST}, {@code dead-letter -> DEAD_LETTER}.
   */
  static <E extends Enum<E>> E oneOf(String flag, String value, Class<E> type) {
    String name = value == null ? "" : value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    String[] names =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
    String choices =
        names.length == 1
            ? names[0]
            : String.join(", ", Arrays.copyOf(names, names.length - 1))
                + " or "
                + names[names.length - 1];
    throw new UserError(flag + " must be " + choices + ", got '" + value + "'");
  }

  /**
   * A comma-separated list option, e.g. {@code --labelTypes=PER, LOC,,ORG -> [PER, LOC, ORG]}:
   * items trimmed, blanks dropped, order and repeats kept; a null or blank value is empty.
   */
  static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
