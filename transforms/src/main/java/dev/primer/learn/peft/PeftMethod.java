package dev.primer.learn.peft;

import java.util.Locale;

/** The parameter-efficient fine-tuning methods, plus full fine-tuning as the baseline. */
public enum PeftMethod {
  /** Every parameter trains. */
  FULL,
  /** Bottleneck adapters after the attention output and after the feed-forward output. */
  HOULSBY,
  /** Bottleneck adapters after the feed-forward output only. */
  PFEIFFER,
  /** Low-rank updates of chosen projection matrices. */
  LORA,
  /** Trainable key/value prefixes in every layer. */
  PREFIX,
  /** Bias terms only. */
  BITFIT;

  /** Lower-case name used in JSON. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The name used by the stages' options and in metrics: {@code full}, {@code adapter-houlsby},
   * {@code adapter-pfeiffer}, {@code lora}, {@code prefix}, {@code bitfit}.
   */
  public String optionName() {
    return switch (this) {
      case HOULSBY -> "adapter-houlsby";
      case PFEIFFER -> "adapter-pfeiffer";
      default -> jsonName();
    };
  }

  /**
   * Parses an option name ({@link #optionName()}) or a JSON name (case-insensitive).
   *
   * @param name e.g. {@code adapter-houlsby} or {@code houlsby}
   * @return the method
   */
  public static PeftMethod fromOptionName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (PeftMethod m : values()) {
      if (m.optionName().equals(n) || m.jsonName().equals(n)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown PEFT method '"
            + name
            + "': expected full, adapter-houlsby, adapter-pfeiffer, lora, prefix or bitfit");
  }

  /**
   * Parses a JSON name (case-insensitive).
   *
   * @param name e.g. {@code lora}
   * @return the method
   */
  public static PeftMethod fromJsonName(String name) {
    for (PeftMethod m : values()) {
      if (m.name().equalsIgnoreCase(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown PEFT method '"
            + name
            + "': expected full, houlsby, pfeiffer, lora, prefix, bitfit");
  }
}
