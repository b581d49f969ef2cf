package dev.primer.pretrain;

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
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an option value (case-insensitive). */
  public static PretrainMode fromOptionName(String name) {
    for (PretrainMode m : values()) {
      if (m.optionName().equalsIgnoreCase(name.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown pretrain mode '" + name + "': expected mlm, import or derive");
  }
}
