package dev.primer.learn.model;

import java.util.Locale;

/** The checkpoint family an encoder follows; decides position-id offsets and defaults. */
public enum ModelType {
  /** BERT / mBERT: position ids start at 0. */
  BERT("bert"),
  /** XLM-RoBERTa: position ids start at {@code pad_token_id + 1}. */
  XLM_ROBERTA("xlm-roberta");

  private final String hfName;

  ModelType(String hfName) {
    this.hfName = hfName;
  }

  /** The {@code model_type} value HuggingFace writes in {@code config.json}. */
  public String hfName() {
    return hfName;
  }

  /**
   * Parses a HuggingFace {@code model_type}.
   *
   * @param name {@code bert} or {@code xlm-roberta} (case-insensitive)
   * @return the model type
   * @throws IllegalArgumentException for any other value
   */
  public static ModelType fromHfName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (ModelType type : values()) {
      if (type.hfName.equals(lower)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unsupported model_type '" + name + "': expected 'bert' or 'xlm-roberta'");
  }
}
