package dev.primer;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The option checks every stage shares: ranges of numbers and enum values (lists are split by
 * {@link OptionNames#list}). The stages' own rules (which flag, which range, which options go
 * together) live beside their settings, e.g. {@code dev.primer.finetune.FinetuneChecks}, and call
 * these. Each failure is a {@link UserError} naming the flag and the value given.
 */
public final class OptionChecks {

  private OptionChecks() {}

  /** {@code value >= min}. */
  public static int atLeast(String flag, Integer value, int min) {
    if (value == null || value < min) {
      throw new UserError(flag + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** {@code value >= min}. */
  public static long atLeast(String flag, Long value, long min) {
    if (value == null || value < min) {
      throw new UserError(flag + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** {@code value >= 0}. */
  public static int nonNegative(String flag, Integer value) {
    return atLeast(flag, value, 0);
  }

  /** {@code value > 0}. */
  public static int positive(String flag, Integer value) {
    if (value == null || value <= 0) {
      throw new UserError(flag + " must be > 0, got " + value);
    }
    return value;
  }

  /** {@code value > 0} (a learning rate). */
  public static double positive(String flag, Double value) {
    if (value == null || !(value > 0)) {
      throw new UserError(flag + " must be > 0, got " + value);
    }
    return value;
  }

  /** {@code 0 <= value <= 1} (a ratio). */
  public static double ratio(String flag, Double value) {
    if (value == null || !(value >= 0 && value <= 1)) {
      throw new UserError(flag + " must be in [0, 1], got " + value);
    }
    return value;
  }

  /** {@code 0 < value <= 1} (a probability that must be able to fire). */
  public static double probability(String flag, Double value) {
    if (value == null || !(value > 0 && value <= 1)) {
      throw new UserError(flag + " must be in (0, 1], got " + value);
    }
    return value;
  }

  /** {@code 0 < value < 1} (a confidence level). */
  public static double openUnit(String flag, Double value) {
    if (value == null || !(value > 0 && value < 1)) {
      throw new UserError(flag + " must be between 0 and 1, got " + value);
    }
    return value;
  }

  /** Settings built from a stage's options, possibly reading the run's files. */
  @FunctionalInterface
  public interface SettingsBuild<T> {
    /** Builds the settings; IllegalArgumentException when their own checks fail. */
    T build() throws IOException;
  }

  /**
   * Builds a stage's settings from its checked options; an {@link IllegalArgumentException} from
   * the settings' (or the learning core's config records') own checks becomes a UserError {@code
   * <stage> options: <message>}.
   */
  public static <T> T settings(String stage, SettingsBuild<T> build) throws IOException {
    try {
      return build.build();
    } catch (IllegalArgumentException e) {
      throw new UserError(stage + " options: " + e.getMessage(), e);
    }
  }

  /**
   * An enum-like option read by its type's own parser (e.g. {@code
   * FinetuneMethod::fromOptionName}), whose {@link IllegalArgumentException} becomes a UserError
   * naming the flag.
   */
  public static <T> T parse(String flag, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new UserError(flag + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the value of an enum option as Beam will read it (through Jackson: the enum's {@code
   * JsonCreator}, e.g. {@code MetaOrder.fromOptionName}, or its constant names), so that a bad
   * value is a UserError naming the flag and the accepted values rather than Beam's message. The
   * launcher runs it on every {@code --name=value} whose option is an enum, before Beam parses.
   */
  public static void enumValue(String flag, String value, Class<?> type) {
    try {
      Json.mapper().convertValue(value, type);
    } catch (IllegalArgumentException e) {
      throw new UserError(flag + " must be " + choices(type) + ", got '" + value + "'");
    }
  }

  /** The values an enum option accepts as Jackson writes them, e.g. {@code first or second}. */
  public static String choices(Class<?> type) {
    String[] names =
        Arrays.stream(type.getEnumConstants())
            .map(c -> Json.mapper().convertValue(c, String.class))
            .toArray(String[]::new);
    return names.length == 1
        ? names[0]
        : String.join(", ", Arrays.copyOf(names, names.length - 1))
            + " or "
            + names[names.length - 1];
  }
}
