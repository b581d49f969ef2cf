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
 * Prefix-tuning's trainable key/value prefixes for every layer ({@code prefix.*}).
 *
 * <p>Without reparametrisation {@code prefix.embedding.weight} is {@code [P, L * 2 * H]} and holds
 * the prefixes directly. With it, {@code prefix.embedding.weight} is {@code [P, H]} and an MLP
 * {@code prefix.mlp.0} (Linear H to M), tanh, {@code prefix.mlp.2} (Linear M to {@code L * 2 * H})
 * produces them, as in HuggingFace PEFT's prefix encoder.
 */
public final class PrefixEncoder extends EncoderBlock {

  private final int length;
  private final int numLayers;
  private final int hiddenSize;
  private final Parameter embedding;
  private final Dense mlpIn;
  private final Dense mlpOut;

  private PrefixEncoder(Builder b) {
    EncoderConfig c = b.config;
    length = b.length;
    numLayers = c.numLayers();
    hiddenSize = c.hiddenSize();
    int stateSize = 2 * numLayers * hiddenSize;
    embedding =
        addParameter(
            Parameter.builder()
                .setName("embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(length, b.projection ? hiddenSize : stateSize))
                .optInitializer(new NormalInitializer((float) c.initializerRange()))
                .build());
    if (b.projection) {
      int mid = b.projectionHidden > 0 ? b.projectionHidden : hiddenSize;
      mlpIn =
          addChildBlock(
              "mlp0",
              Dense.builder()
                  .setInFeatures(hiddenSize)
                  .setOutFeatures(mid)
                  .setInitStd(c.initializerRange())
                  .build());
      mlpOut =
          addChildBlock(
              "mlp2",
              Dense.builder()
                  .setInFeatures(mid)
                  .setOutFeatures(stateSize)
                  .setInitStd(c.initializerRange())
                  .build());
    } else {
      mlpIn = null;
      mlpOut = null;
    }
  }

  /** A builder; the encoder config and the prefix length are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of prefix positions. */
  public int length() {
    return length;
  }

  /**
   * Computes the prefixes for a batch.
   *
   * @param store parameter values
   * @param batchSize B
   * @param device device of the batch
   * @param training whether in training
   * @return {@code 2 L} arrays {@code [B, P, H]}: key of layer 0, value of layer 0, key of layer 1,
   *     ...
   */
  public NDList apply(ParameterStore store, long batchSize, Device device, boolean training) {
    NDArray states = store.getValue(embedding, device, training);
    if (mlpIn != null) {
      states = mlpOut.apply(store, mlpIn.apply(store, states, training).tanh(), training);
    }
    // [P, 2L * H] -> [2L, P, H] -> [2L, B, P, H]
    NDArray perLayer = TorchOps.transpose(states.reshape(length, 2L * numLayers, hiddenSize), 0, 1);
    NDArray batched =
        TorchOps.broadcast(
            perLayer.expandDims(1), new Shape(2L * numLayers, batchSize, length, hiddenSize));
    NDList parts = batched.split(2L * numLayers, 0);
    NDList out = new NDList(parts.size());
    for (NDArray part : parts) {
      out.add(part.squeeze(0));
    }
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray hidden = inputs.head();
    return apply(store, hidden.getShape().get(0), hidden.getDevice(), training);
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    registry.add(prefix + "embedding.weight", embedding);
    if (mlpIn != null) {
      mlpIn.registerTensors(prefix + "mlp.0.", registry);
      mlpOut.registerTensors(prefix + "mlp.2.", registry);
    }
  }

  /** Builder of {@link PrefixEncoder}. */
  public static final class Builder {
    private EncoderConfig config;
    private int length;
    private boolean projection;
    private int projectionHidden;

    private Builder() {}

    public Builder setConfig(EncoderConfig config) {
      this.config = config;
      return this;
    }

    public Builder setLength(int length) {
      this.length = length;
      return this;
    }

    /** Produce the prefixes through an MLP of the given hidden size (0: encoder hidden size). */
    public Builder optProjection(boolean projection, int projectionHidden) {
      this.projection = projection;
      this.projectionHidden = projectionHidden;
      return this;
    }

    public PrefixEncoder build() {
      if (config == null || length <= 0) {
        throw new IllegalArgumentException("PrefixEncoder needs a config and a positive length");
      }
      return new PrefixEncoder(this);
    }
  }
}
