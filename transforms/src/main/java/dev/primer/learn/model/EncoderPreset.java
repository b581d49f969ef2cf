package dev.primer.learn.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/**
 * The encoder sizes masked-LM pretraining starts from ({@code --preset}); each is BERT's
 * architecture with the mBERT vocabulary until the run's tokenizer sets its own, and an
 * intermediate size of four times the hidden size.
 */
public enum EncoderPreset implements OptionEnum {
  /** Hidden 128, 2 layers, 4 heads, intermediate 512. */
  TINY(128, 2, 4),
  /** Hidden 256, 4 layers, 4 heads, intermediate 1024. */
  SMALL(256, 4, 4),
  /** mBERT-sized: hidden 768, 12 layers, 12 heads, intermediate 3072. */
  BASE(768, 12, 12);

  private final int hiddenSize;
  private final int layers;
  private final int heads;

  EncoderPreset(int hiddenSize, int layers, int heads) {
    this.hiddenSize = hiddenSize;
    this.layers = layers;
    this.heads = heads;
  }

  /** The preset's configuration. */
  public EncoderConfig config() {
    return EncoderConfig.builder()
        .setHiddenSize(hiddenSize)
        .setNumLayers(layers)
        .setNumHeads(heads)
        .build();
  }

  /** Parses an option value (case-insensitive). */
  @JsonCreator
  public static EncoderPreset fromOptionName(String name) {
    return OptionNames.parse(EncoderPreset.class, name, "encoder preset");
  }
}
