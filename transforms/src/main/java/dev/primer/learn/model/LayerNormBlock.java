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

/** LayerNorm over the hidden dimension with HuggingFace tensor names {@code weight, bias}. */
public final class LayerNormBlock extends EncoderBlock {

  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  private LayerNormBlock(Builder builder) {
    this.eps = builder.eps;
    Shape shape = new Shape(builder.size);
    weight =
        addParameter(
            Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.GAMMA)
                .optShape(shape)
                .optInitializer(Initializer.ONES)
                .build());
    bias =
        addParameter(
            Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BETA)
                .optShape(shape)
                .optInitializer(Initializer.ZEROS)
                .build());
  }

  /** A builder; {@code setSize} and {@code setEps} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Normalises {@code x} over its last axis. */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    Device device = x.getDevice();
    return TorchOps.layerNorm(
        x, store.getValue(weight, device, training), store.getValue(bias, device, training), eps);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.head(), training));
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    registry.add(prefix + "weight", weight);
    registry.add(prefix + "bias", bias);
  }

  /** Builder of {@link LayerNormBlock}. */
  public static final class Builder {
    private int size;
    private double eps = Double.NaN;

    private Builder() {}

    public Builder setSize(int size) {
      this.size = size;
      return this;
    }

    public Builder setEps(double eps) {
      this.eps = eps;
      return this;
    }

    public LayerNormBlock build() {
      if (size <= 0 || !(eps > 0)) {
        throw new IllegalArgumentException("LayerNorm needs a positive size and eps");
      }
      return new LayerNormBlock(this);
    }
  }
}
