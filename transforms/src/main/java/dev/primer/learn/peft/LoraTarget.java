package dev.primer.learn.peft;

import java.util.Locale;

/** Projection matrices of a layer that LoRA can adapt, named after their HuggingFace modules. */
public enum LoraTarget {
  /** {@code attention.self.query}. */
  QUERY("attention.self.query"),
  /** {@code attention.self.key}. */
  KEY("attention.self.key"),
  /** {@code attention.self.value}. */
  VALUE("attention.self.value"),
  /** {@code attention.output.dense}. */
  ATTENTION_OUTPUT("attention.output.dense"),
  /** {@code intermediate.dense}. */
  INTERMEDIATE("intermediate.dense"),
  /** {@code output.dense}. */
  OUTPUT("output.dense");

  private final String module;

  LoraTarget(String module) {
    this.module = module;
  }

  /** The module path inside a layer, e.g. {@code attention.self.query}. */
  public String module() {
    return module;
  }

  /** Lower-case name used in JSON, e.g. {@code attention_output}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a JSON name (case-insensitive).
   *
   * @param name e.g. {@code query}
   * @return the target
   */
  public static LoraTarget fromJsonName(String name) {
    for (LoraTarget t : values()) {
      if (t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown LoRA target '"
            + name
            + "': expected query, key, value, attention_output, intermediate, output");
  }
}
