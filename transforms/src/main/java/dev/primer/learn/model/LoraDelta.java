package dev.primer.learn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.primer.learn.util.TorchOps;

/**
 * The low-rank update of LoRA: {@code (alpha / r) * B A dropout(x)} with {@code lora_A.weight}
 * {@code [r, in]} (Kaiming-uniform init, as PEFT) and {@code lora_B.weight} {@code [out, r]} (zero
 * init, so the adapted model starts equal to the base model).
 */
public final class LoraDelta extends EncoderBlock {

  private final double scale;
  private final double dropout;
  private final Parameter loraA;
  private final Parameter loraB;
  private NDArray scaleArray;

  private LoraDelta(Builder b) {
    this.scale = b.alpha / b.rank;
    this.dropout = b.dropout;
    loraA =
        addParameter(
            Parameter.builder()
                .setName("lora_A")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(b.rank, b.inFeatures))
                .optInitializer(new UniformInitializer((float) (1.0 / Math.sqrt(b.inFeatures))))
                .build());
    loraB =
        addParameter(
            Parameter.builder()
                .setName("lora_B")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(b.outFeatures, b.rank))
                .optInitializer(Initializer.ZEROS)
                .build());
  }

  /** A builder; all setters are required except dropout. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void createConstants(NDManager manager, DataType dataType) {
    scaleArray = TorchOps.scalar(manager, scale, dataType);
    NDScope.unregister(scaleArray);
  }

  /** The update for input {@code x} ({@code [..., in]} to {@code [..., out]}). */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    Device device = x.getDevice();
    NDArray h = TorchOps.dropout(x, dropout, training);
    h = TorchOps.linear(h, store.getValue(loraA, device, training), null);
    h = TorchOps.linear(h, store.getValue(loraB, device, training), null);
    return h.mul(scaleArray);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.head(), training));
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    registry.add(prefix + "lora_A.weight", loraA);
    registry.add(prefix + "lora_B.weight", loraB);
  }

  /** Builder of {@link LoraDelta}. */
  public static final class Builder {
    private int inFeatures;
    private int outFeatures;
    private int rank;
    private double alpha;
    private double dropout;

    private Builder() {}

    public Builder setInFeatures(int inFeatures) {
      this.inFeatures = inFeatures;
      return this;
    }

    public Builder setOutFeatures(int outFeatures) {
      this.outFeatures = outFeatures;
      return this;
    }

    public Builder setRank(int rank) {
      this.rank = rank;
      return this;
    }

    public Builder setAlpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    public Builder optDropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    public LoraDelta build() {
      if (inFeatures <= 0 || outFeatures <= 0 || rank <= 0 || !(alpha > 0)) {
        throw new IllegalArgumentException("LoRA needs positive in/out features, rank and alpha");
      }
      return new LoraDelta(this);
    }
  }
}
