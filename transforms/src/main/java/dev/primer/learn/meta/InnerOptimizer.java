package dev.primer.learn.meta;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/** Update rule of the inner loop. */
public enum InnerOptimizer implements OptionEnum {
  /** Plain gradient descent {@code phi -= lr * g} (both meta orders). */
  SGD,
  /** Adam without weight decay, fresh state per episode (first order only). */
  ADAM;

  /**
   * The constant an option names (case-insensitive, {@code -} read as {@code _}); Beam reads the
   * option through it.
   *
   * @throws IllegalArgumentException naming the valid names
   */
  @JsonCreator
  public static InnerOptimizer fromOptionName(String name) {
    return OptionNames.parse(InnerOptimizer.class, name, "inner optimizer");
  }
}
