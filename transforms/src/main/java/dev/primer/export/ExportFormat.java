package dev.primer.export;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.UserError;

/** The layouts {@code ./primer export} writes, named after the Python library that loads them. */
public enum ExportFormat implements OptionEnum {
  /** AdapterHub {@code adapters}: bottleneck adapters ({@code adapter_config.json}) plus a head. */
  ADAPTERS,
  /** HuggingFace PEFT: a LoRA adapter ({@code adapter_config.json}, {@code peft_type: LORA}). */
  PEFT,
  /** HuggingFace {@code transformers}: a whole model ({@code config.json}, weights, tokenizer). */
  TRANSFORMERS;

  /**
   * Parses {@code --format}.
   *
   * @throws UserError for anything but adapters, peft, transformers
   */
  @JsonCreator
  public static ExportFormat parse(String value) {
    for (ExportFormat f : values()) {
      if (f.optionName().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return f;
      }
    }
    throw new UserError(
        "--format must be adapters, peft or transformers, got '"
            + (value == null ? "" : value)
            + "'");
  }
}
