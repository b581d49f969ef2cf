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
