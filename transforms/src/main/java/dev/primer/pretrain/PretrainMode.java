package dev.primer.pretrain;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/** How the {@code pretrain} stage makes the base encoder. */
public enum PretrainMode implements OptionEnum {
  /** Masked-LM pretraining from scratch on the run's encoded train splits. */
  MLM,
  /** Pretrained weights imported as they are (vocabulary pruned to the run's tokenizer). */
  IMPORT,
  /** Imported weights with only the first K layers kept (and the vocabulary pruned). */
  DERIVE;

  /** Parses an option value (case-insensitive). */
  @JsonCreator
  public static PretrainMode fromOptionName(String name) {
    return OptionNames.parse(PretrainMode.class, name, "pretrain mode");
  }
}
