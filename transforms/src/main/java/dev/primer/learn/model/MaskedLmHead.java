package dev.primer.learn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.primer.learn.util.TorchOps;

/**
 * BERT's masked-LM head ({@code cls.predictions}): {@code transform.dense}, GELU, {@code
 * transform.LayerNorm}, then a decoder tied to the word-embedding matrix plus an output {@code
 * bias}. The decoder weight is not a parameter of this block and is not stored separately.
 */
public final class MaskedLmHead extends EncoderBlock {

  private final Dense transform;
  private final LayerNormBlock layerNorm;
  private final Parameter decoderWeight;
  private final Parameter bias;

  private MaskedLmHead(Builder b) {
    EncoderConfig c = b.config;
    transform =
        addChildBlock(
            "transform_dense",
            Dense.builder()
                .setInFeatures(c.hiddenSize())
                .setOutFeatures(c.hiddenSize())
                .setInitStd(c.initializerRange())
                .build());
    layerNorm =
        addChildBlock(
            "transform_LayerNorm",
            LayerNormBlock.builder().setSize(c.hiddenSize()).setEps(c.layerNormEps()).build());
    decoderWeight = b.tiedWeight;
    bias =
        addParameter(
            Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(c.vocabSize()))
                .optInitializer(Initializer.ZEROS)
                .build());
  }

  /** A builder; the config and the tied word-embedding parameter are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Vocabulary logits {@code [K, V]} for hidden states {@code [K, H]}. */
  public NDArray apply(ParameterStore store, NDArray hidden, boolean training) {
    Device device = hidden.getDevice();
    NDArray h =
        layerNorm.apply(store, TorchOps.gelu(transform.apply(store, hidden, training)), training);
    return TorchOps.linear(
        h, store.getValue(decoderWeight, device, training), store.getValue(bias, device, training));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.head(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long[] dims = inputShapes[0].getShape().clone();
    dims[dims.length - 1] = bias.getShape().get(0);
    return new Shape[] {new Shape(dims)};
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    transform.registerTensors(prefix + "transform.dense.", registry);
    layerNorm.registerTensors(prefix + "transform.LayerNorm.", registry);
    registry.add(prefix + "bias", bias);
  }

  /** Builder of {@link MaskedLmHead}. */
  public static final class Builder {
    private EncoderConfig config;
    private Parameter tiedWeight;

    private Builder() {}

    public Builder setConfig(EncoderConfig config) {
      this.config = config;
      return this;
    }

    /** The word-embedding parameter the decoder shares. */
    public Builder setTiedWeight(Parameter tiedWeight) {
      this.tiedWeight = tiedWeight;
      return this;
    }

    public MaskedLmHead build() {
      if (config == null || tiedWeight == null) {
        throw new IllegalArgumentException("masked-LM head needs a config and the tied weight");
      }
      return new MaskedLmHead(this);
    }
  }
}
