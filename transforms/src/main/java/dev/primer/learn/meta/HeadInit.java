package dev.primer.learn.meta;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/** Where the task head starts in each episode of meta-learning. */
public enum HeadInit implements OptionEnum {
  /**
   * A fresh random head per episode (normal with the encoder's initializer range, zero bias), drawn
   * from the run's seed and the episode's index: like fine-tuning, which starts from a new head.
   * The head is then never an outer parameter.
   */
  REINIT("reinit"),
  /**
   * One head shared by all episodes: every episode starts from it, and the outer step updates it
   * like the other initialisations.
   */
  SHARED("shared");

  private final String optionName;

  HeadInit(String optionName) {
    this.optionName = optionName;
  }

  /** The option value ({@code reinit} or {@code shared}). */
  @Override
  public String optionName() {
    return optionName;
  }

  /** Parses an option value (case-insensitive). */
  @JsonCreator
  public static HeadInit fromOptionName(String name) {
    return OptionNames.parse(HeadInit.class, name, "head initialisation");
  }

  @Override
  public String toString() {
    return optionName;
  }
}
