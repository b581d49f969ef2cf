package dev.primer.learn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.primer.learn.util.TorchOps;

/**
 * Word + position + token-type embeddings, LayerNorm and dropout ({@code bert.embeddings}).
 *
 * <p>Position ids run from the configured offset (0 for BERT, {@code pad_token_id + 1} for XLM-R)
 * over the padded width; sequences are right-padded and padded positions are masked out of
 * attention, so this equals HuggingFace's ids on every real token. Token types default to 0.
 */
public final class BertEmbeddings extends EncoderBlock {

  private final EncoderConfig config;
  private final Parameter word;
  private final Parameter position;
  private final Parameter tokenType;
  private final LayerNormBlock layerNorm;

  private BertEmbeddings(Builder b) {
    config = b.config;
    int h = config.hiddenSize();
    word = addParameter(table("word_embeddings", config.vocabSize(), h));
    position = addParameter(table("position_embeddings", config.maxPositions(), h));
    tokenType = addParameter(table("token_type_embeddings", config.typeVocabSize(), h));
    layerNorm =
        addChildBlock(
            "LayerNorm", LayerNormBlock.builder().setSize(h).setEps(config.layerNormEps()).build());
  }

  private Parameter table(String name, int rows, int hidden) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(rows, hidden))
        .optInitializer(new NormalInitializer((float) config.initializerRange()))
        .build();
  }

  /** A builder; the encoder config is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The word-embedding matrix {@code [V, H]} (tied to the masked-LM decoder). */
  public Parameter wordEmbeddings() {
    return word;
  }

  /**
   * Embeds a batch.
   *
   * @param store parameter values
   * @param inputIds {@code [B, T]} int64
   * @param tokenTypeIds {@code [B, T]} int64, or null for all zeros
   * @param training whether dropout is active
   * @return {@code [B, T, H]}
   */
  public NDArray apply(
      ParameterStore store, NDArray inputIds, NDArray tokenTypeIds, boolean training) {
    Device device = inputIds.getDevice();
    long length = inputIds.getShape().get(1);
    int offset = config.positionOffset();
    if (offset + length > config.maxPositions()) {
      throw new IllegalArgumentException(
          "sequence of "
              + length
              + " subwords exceeds the "
              + config.maxSequenceLength()
              + " positions of the model");
    }
    NDArray table = store.getValue(word, device, training);
    NDArray x =
        training && table == word.getArray() && TorchOps.hasDenseGradient(table)
            ? TorchOps.sparseGradientEmbedding(inputIds, table)
            : TorchOps.embedding(inputIds, table);
    x =
        x.add(
            TorchOps.slice(store.getValue(position, device, training), 0, offset, offset + length));
    NDArray types = store.getValue(tokenType, device, training);
    if (tokenTypeIds == null) {
      x = x.add(TorchOps.slice(types, 0, 0, 1));
    } else {
      x = x.add(TorchOps.embedding(tokenTypeIds, types));
    }
    x = layerNorm.apply(store, x, training);
    return TorchOps.dropout(x, config.hiddenDropout(), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray types = inputs.size() > 1 ? inputs.get(1) : null;
    return new NDList(apply(store, inputs.get(0), types, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.hiddenSize())};
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    registry.add(prefix + "word_embeddings.weight", word);
    registry.add(prefix + "position_embeddings.weight", position);
    registry.add(prefix + "token_type_embeddings.weight", tokenType);
    layerNorm.registerTensors(prefix + "LayerNorm.", registry);
  }

  /** Builder of {@link BertEmbeddings}. */
  public static final class Builder {
    private EncoderConfig config;

    private Builder() {}

    public Builder setConfig(EncoderConfig config) {
      this.config = config;
      return this;
    }

    public BertEmbeddings build() {
      if (config == null) {
        throw new IllegalArgumentException("BertEmbeddings needs an EncoderConfig");
      }
      return new BertEmbeddings(this);
    }
  }
}
