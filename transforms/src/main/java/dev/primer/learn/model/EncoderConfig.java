package dev.primer.learn.model;

import java.util.Objects;

/**
 * Shape and regularisation of a BERT/XLM-R style encoder: the model's typed settings. Its {@code
 * config.json} form is {@code dev.primer.learn.weights.ModelConfig} ({@code ModelConfig.of(c)} and
 * {@code modelConfig.encoderConfig()}), primer's one model of that file.
 *
 * <p>Immutable; build with {@link #builder()} or start from a preset ({@link #tiny()}, {@link
 * #small()}, {@link #base()}) and adjust it with {@link #toBuilder()}.
 */
public final class EncoderConfig {

  /** The multilingual BERT (cased) vocabulary size. */
  public static final int MBERT_VOCAB_SIZE = 119547;

  private final ModelType modelType;
  private final int vocabSize;
  private final int hiddenSize;
  private final int numLayers;
  private final int numHeads;
  private final int intermediateSize;
  private final int maxPositions;
  private final int typeVocabSize;
  private final double hiddenDropout;
  private final double attentionDropout;
  private final double layerNormEps;
  private final int padTokenId;
  private final double initializerRange;

  private EncoderConfig(Builder b) {
    this.modelType = b.modelType;
    this.vocabSize = b.vocabSize;
    this.hiddenSize = b.hiddenSize;
    this.numLayers = b.numLayers;
    this.numHeads = b.numHeads;
    this.intermediateSize = b.intermediateSize;
    this.maxPositions = b.maxPositions;
    this.typeVocabSize = b.typeVocabSize;
    this.hiddenDropout = b.hiddenDropout;
    this.attentionDropout = b.attentionDropout;
    this.layerNormEps = b.layerNormEps;
    this.padTokenId = b.padTokenId;
    this.initializerRange = b.initializerRange;
    validate();
  }

  private void validate() {
    requirePositive("vocab_size", vocabSize);
    requirePositive("hidden_size", hiddenSize);
    requirePositive("num_hidden_layers", numLayers);
    requirePositive("num_attention_heads", numHeads);
    requirePositive("intermediate_size", intermediateSize);
    requirePositive("max_position_embeddings", maxPositions);
    requirePositive("type_vocab_size", typeVocabSize);
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
    }
    requireProbability("hidden_dropout_prob", hiddenDropout);
    requireProbability("attention_probs_dropout_prob", attentionDropout);
    if (!(layerNormEps > 0)) {
      throw new IllegalArgumentException("layer_norm_eps must be > 0, got " + layerNormEps);
    }
    if (padTokenId < 0 || padTokenId >= vocabSize) {
      throw new IllegalArgumentException(
          "pad_token_id " + padTokenId + " is outside the vocabulary [0, " + vocabSize + ")");
    }
    if (positionOffset() >= maxPositions) {
      throw new IllegalArgumentException(
          "max_position_embeddings " + maxPositions + " leaves no room after the position offset");
    }
  }

  private static void requirePositive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be > 0, got " + value);
    }
  }

  private static void requireProbability(String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(key + " must be in [0, 1), got " + value);
    }
  }

  /** Tiny preset (hidden 128, 2 layers, 4 heads, intermediate 512, mBERT vocabulary). */
  public static EncoderConfig tiny() {
    return EncoderPreset.TINY.config();
  }

  /** Small preset (hidden 256, 4 layers, 4 heads, intermediate 1024, mBERT vocabulary). */
  public static EncoderConfig small() {
    return EncoderPreset.SMALL.config();
  }

  /** Base preset, mBERT-sized (hidden 768, 12 layers, 12 heads, intermediate 3072). */
  public static EncoderConfig base() {
    return EncoderPreset.BASE.config();
  }

  /**
   * A preset by name.
   *
   * @param name {@code tiny}, {@code small} or {@code base} ({@link EncoderPreset})
   * @return the preset
   * @throws IllegalArgumentException for another name: {@code unknown encoder preset 'x': expected
   *     tiny, small or base}
   */
  public static EncoderConfig preset(String name) {
    return EncoderPreset.fromOptionName(name).config();
  }

  /** A builder with BERT defaults (mBERT vocabulary, 512 positions, 2 token types). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.modelType = modelType;
    b.vocabSize = vocabSize;
    b.hiddenSize = hiddenSize;
    b.numLayers = numLayers;
    b.numHeads = numHeads;
    b.intermediateSize = intermediateSize;
    b.intermediateSet = intermediateSize != 4 * hiddenSize;
    b.maxPositions = maxPositions;
    b.typeVocabSize = typeVocabSize;
    b.hiddenDropout = hiddenDropout;
    b.attentionDropout = attentionDropout;
    b.layerNormEps = layerNormEps;
    b.padTokenId = padTokenId;
    b.initializerRange = initializerRange;
    return b;
  }

  public ModelType modelType() {
    return modelType;
  }

  public int vocabSize() {
    return vocabSize;
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  public int numLayers() {
    return numLayers;
  }

  public int numHeads() {
    return numHeads;
  }

  /** Size of one attention head ({@code hidden / heads}). */
  public int headSize() {
    return hiddenSize / numHeads;
  }

  public int intermediateSize() {
    return intermediateSize;
  }

  public int maxPositions() {
    return maxPositions;
  }

  public int typeVocabSize() {
    return typeVocabSize;
  }

  public double hiddenDropout() {
    return hiddenDropout;
  }

  public double attentionDropout() {
    return attentionDropout;
  }

  public double layerNormEps() {
    return layerNormEps;
  }

  public int padTokenId() {
    return padTokenId;
  }

  /** Standard deviation of the normal initialisation of weights and embeddings. */
  public double initializerRange() {
    return initializerRange;
  }

  /**
   * First position id: 0 for BERT; {@code pad_token_id + 1} for XLM-R, whose position ids are
   * padded by its padding index.
   */
  public int positionOffset() {
    return modelType == ModelType.XLM_ROBERTA ? padTokenId + 1 : 0;
  }

  /** Longest input (in subwords, special tokens included) the position table allows. */
  public int maxSequenceLength() {
    return maxPositions - positionOffset();
  }

  /** This configuration with both dropout probabilities set to 0. */
  public EncoderConfig withoutDropout() {
    return toBuilder().setHiddenDropout(0).setAttentionDropout(0).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EncoderConfig)) {
      return false;
    }
    EncoderConfig c = (EncoderConfig) o;
    return modelType == c.modelType
        && vocabSize == c.vocabSize
        && hiddenSize == c.hiddenSize
        && numLayers == c.numLayers
        && numHeads == c.numHeads
        && intermediateSize == c.intermediateSize
        && maxPositions == c.maxPositions
        && typeVocabSize == c.typeVocabSize
        && Double.compare(hiddenDropout, c.hiddenDropout) == 0
        && Double.compare(attentionDropout, c.attentionDropout) == 0
        && Double.compare(layerNormEps, c.layerNormEps) == 0
        && padTokenId == c.padTokenId
        && Double.compare(initializerRange, c.initializerRange) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        modelType,
        vocabSize,
        hiddenSize,
        numLayers,
        numHeads,
        intermediateSize,
        maxPositions,
        typeVocabSize,
        hiddenDropout,
        attentionDropout,
        layerNormEps,
        padTokenId,
        initializerRange);
  }

  @Override
  public String toString() {
    return String.format(
        "EncoderConfig{%s, vocab=%d, hidden=%d, layers=%d, heads=%d, intermediate=%d,"
            + " positions=%d, types=%d, dropout=%s/%s, eps=%s, pad=%d}",
        modelType.hfName(),
        vocabSize,
        hiddenSize,
        numLayers,
        numHeads,
        intermediateSize,
        maxPositions,
        typeVocabSize,
        hiddenDropout,
        attentionDropout,
        layerNormEps,
        padTokenId);
  }

  /** Builder of {@link EncoderConfig}; the intermediate size defaults to 4 x hidden. */
  public static final class Builder {
    private ModelType modelType = ModelType.BERT;
    private int vocabSize = MBERT_VOCAB_SIZE;
    private int hiddenSize = 768;
    private int numLayers = 12;
    private int numHeads = 12;
    private int intermediateSize;
    private boolean intermediateSet;
    private int maxPositions = 512;
    private int typeVocabSize = 2;
    private double hiddenDropout = 0.1;
    private double attentionDropout = 0.1;
    private double layerNormEps = 1e-12;
    private int padTokenId;
    private double initializerRange = 0.02;

    private Builder() {}

    public Builder setModelType(ModelType modelType) {
      this.modelType = Objects.requireNonNull(modelType, "modelType");
      return this;
    }

    public Builder setVocabSize(int vocabSize) {
      this.vocabSize = vocabSize;
      return this;
    }

    public Builder setHiddenSize(int hiddenSize) {
      this.hiddenSize = hiddenSize;
      return this;
    }

    public Builder setNumLayers(int numLayers) {
      this.numLayers = numLayers;
      return this;
    }

    public Builder setNumHeads(int numHeads) {
      this.numHeads = numHeads;
      return this;
    }

    public Builder setIntermediateSize(int intermediateSize) {
      this.intermediateSize = intermediateSize;
      this.intermediateSet = true;
      return this;
    }

    public Builder setMaxPositions(int maxPositions) {
      this.maxPositions = maxPositions;
      return this;
    }

    public Builder setTypeVocabSize(int typeVocabSize) {
      this.typeVocabSize = typeVocabSize;
      return this;
    }

    public Builder setHiddenDropout(double hiddenDropout) {
      this.hiddenDropout = hiddenDropout;
      return this;
    }

    public Builder setAttentionDropout(double attentionDropout) {
      this.attentionDropout = attentionDropout;
      return this;
    }

    public Builder setLayerNormEps(double layerNormEps) {
      this.layerNormEps = layerNormEps;
      return this;
    }

    public Builder setPadTokenId(int padTokenId) {
      this.padTokenId = padTokenId;
      return this;
    }

    public Builder setInitializerRange(double initializerRange) {
      this.initializerRange = initializerRange;
      return this;
    }

    /** Validates and builds the configuration. */
    public EncoderConfig build() {
      if (!intermediateSet) {
        intermediateSize = 4 * hiddenSize;
      }
      return new EncoderConfig(this);
    }
  }
}
