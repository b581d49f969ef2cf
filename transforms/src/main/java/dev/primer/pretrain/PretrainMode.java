package dev.primer.pretrain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.primer.OptionNames;
import java.util.Locale;

/** How the {@code pretrain} stage makes the base encoder. */
public enum PretrainMode {
  /** Masked-LM pretraining from scratch on the run's encoded train splits. */
  MLM,
  /** Pretrained weights imported as they are (vocabulary pruned to the run's tokenizer). */
  IMPORT,
  /** Imported weights with only the first K layers kept (and the vocabulary pruned). */
  DERIVE;

  /** The option value. */
  @JsonValue
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an option value (case-insensitive). */
  @JsonCreator
  public static PretrainMode fromOptionName(String name) {
    return OptionNames.find(PretrainMode.class, name).orElseThrow(() -> unknown(name));
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "unknown pretrain mode '" + name + "': expected mlm, import or derive");
  }
}
