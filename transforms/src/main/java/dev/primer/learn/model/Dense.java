package dev.primer.learn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.primer.learn.util.TorchOps;

/**
 * A linear layer with torch layout ({@code weight [out, in]}, {@code bias [out]}) and an optional
 * LoRA update ({@code lora_A}, {@code lora_B}) added to its output.
 */
public final class Dense extends EncoderBlock {

  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;
  private final LoraDelta lora;

  private Dense(Builder b) {
    this.outFeatures = b.outFeatures;
    weight =
        addParameter(
            Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(b.outFeatures, b.inFeatures))
                .optInitializer(
                    b.initStd == 0 ? Initializer.ZEROS : new NormalInitializer((float) b.initStd))
                .build());
    bias =
        addParameter(
            Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(b.outFeatures))
                .optInitializer(Initializer.ZEROS)
                .build());
    lora = b.lora == null ? null : addChildBlock("lora", b.lora);
  }

  /** A builder; in/out features and the init std are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Applies the layer (and its LoRA update, if any) to {@code x [..., in]}. */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    Device device = x.getDevice();
    NDArray y =
        TorchOps.linear(
            x, store.getValue(weight, device, training), store.getValue(bias, device, training));
    if (lora != null) {
      y = y.add(lora.apply(store, x, training));
    }
    return y;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.head(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long[] dims = inputShapes[0].getShape().clone();
    dims[dims.length - 1] = outFeatures;
    return new Shape[] {new Shape(dims)};
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    registry.add(prefix + "weight", weight);
    registry.add(prefix + "bias", bias);
    if (lora != null) {
      lora.registerTensors(prefix, registry);
    }
  }

  /** Builder of {@link Dense}. */
  public static final class Builder {
    private int inFeatures;
    private int outFeatures;
    private double initStd = -1;
    private LoraDelta lora;

    private Builder() {}

    public Builder setInFeatures(int inFeatures) {
      this.inFeatures = inFeatures;
      return this;
    }

    public Builder setOutFeatures(int outFeatures) {
      this.outFeatures = outFeatures;
      return this;
    }

    /** Std of the normal weight init (0 gives zeros). */
    public Builder setInitStd(double initStd) {
      this.initStd = initStd;
      return this;
    }

    /** Adds a LoRA update to the output. */
    public Builder optLora(LoraDelta lora) {
      this.lora = lora;
      return this;
    }

    public Dense build() {
      if (inFeatures <= 0 || outFeatures <= 0 || initStd < 0) {
        throw new IllegalArgumentException("Dense needs positive in/out features and init std");
      }
      return new Dense(this);
    }
  }
}
