package dev.primer.learn.meta;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.primer.OptionNames;

/** Update rule of the inner loop. */
public enum InnerOptimizer {
  /** Plain gradient descent {@code phi -= lr * g} (both meta orders). */
  SGD,
  /** Adam without weight decay, fresh state per episode (first order only). */
  ADAM;

  /** The option value ({@code sgd}, {@code adam}); Jackson writes the constant so. */
  @JsonValue
  public String optionName() {
    return switch (this) {
      case SGD -> "sgd";
      case ADAM -> "adam";
    };
  }

  /**
   * The constant an option names (case-insensitive, {@code -} read as {@code _}); Beam reads the
   * option through it.
   *
   * @throws IllegalArgumentException naming the valid names
   */
  @JsonCreator
  public static InnerOptimizer fromOptionName(String name) {
    return OptionNames.find(InnerOptimizer.class, name, InnerOptimizer::optionName)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown inner optimizer '" + name + "': expected sgd or adam"));
  }
}
