package dev.primer.learn.meta;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/**
 * How priming trains the encoder (the paper's method and its ablations). In every variant the
 * parameters that fine-tuning will later train are the PEFT parameters plus the task head.
 */
public enum PrimingVariant implements OptionEnum {
  /**
   * The paper's priming: the inner loop adapts only the PEFT parameters and the head on the support
   * set, starting from their initial values each episode (exactly what fine-tuning will train); the
   * outer step updates the encoder's own parameters from the query loss at the adapted values. The
   * PEFT initialisation stays as it was.
   */
  PRIMED("primed"),
  /**
   * Classic MAML: the inner loop adapts every parameter (encoder, PEFT, head); the outer step
   * updates the initialisation of all of them.
   */
  MAML_ALL("maml-all"),
  /**
   * Priming whose outer step also updates the PEFT initialisation (encoder + PEFT init), so that
   * fine-tuning can start its PEFT parameters from the primed values.
   */
  PRIMED_WITH_INIT("primed-with-init"),
  /**
   * Multi-task learning, no inner loop: encoder, PEFT parameters and a shared head are trained
   * jointly on the pooled support and query sentences of the episodes.
   */
  MULTITASK("multitask");

  private final String optionName;

  PrimingVariant(String optionName) {
    this.optionName = optionName;
  }

  /** The name used in options, directories and metrics ({@code primed}, {@code maml-all}, ...). */
  @Override
  public String optionName() {
    return optionName;
  }

  /** Whether the variant has an inner loop (all but {@link #MULTITASK}). */
  public boolean hasInnerLoop() {
    return this != MULTITASK;
  }

  /**
   * Parses an option name (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static PrimingVariant fromOptionName(String name) {
    return OptionNames.parse(PrimingVariant.class, name, "priming variant");
  }

  @Override
  public String toString() {
    return optionName;
  }
}
