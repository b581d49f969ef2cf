package dev.primer.learn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.primer.learn.peft.AdapterActivation;

/**
 * A bottleneck adapter {@code x + up(act(down(x)))} (or without the residual): {@code down [m, H]}
 * and {@code up [H, m]} with small normal init so that it starts near the identity.
 */
public final class BottleneckAdapter extends EncoderBlock {

  private final Dense down;
  private final Dense up;
  private final AdapterActivation activation;
  private final boolean residual;

  private BottleneckAdapter(Builder b) {
    int bottleneck = Math.max(1, b.hiddenSize / b.reductionFactor);
    down =
        addChildBlock(
            "down",
            Dense.builder()
                .setInFeatures(b.hiddenSize)
                .setOutFeatures(bottleneck)
                .setInitStd(b.initStd)
                .build());
    up =
        addChildBlock(
            "up",
            Dense.builder()
                .setInFeatures(bottleneck)
                .setOutFeatures(b.hiddenSize)
                .setInitStd(b.initStd)
                .build());
    activation = b.activation;
    residual = b.residual;
  }

  /** A builder; hidden size and reduction factor are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Applies the adapter to {@code x [..., H]}. */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    NDArray h = up.apply(store, activation.apply(down.apply(store, x, training)), training);
    return residual ? x.add(h) : h;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.head(), training));
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    down.registerTensors(prefix + "down.", registry);
    up.registerTensors(prefix + "up.", registry);
  }

  /** Builder of {@link BottleneckAdapter}. */
  public static final class Builder {
    private int hiddenSize;
    private int reductionFactor;
    private AdapterActivation activation = AdapterActivation.RELU;
    private boolean residual = true;
    private double initStd = 1e-2;

    private Builder() {}

    public Builder setHiddenSize(int hiddenSize) {
      this.hiddenSize = hiddenSize;
      return this;
    }

    public Builder setReductionFactor(int reductionFactor) {
      this.reductionFactor = reductionFactor;
      return this;
    }

    public Builder optActivation(AdapterActivation activation) {
      this.activation = activation;
      return this;
    }

    public Builder optResidual(boolean residual) {
      this.residual = residual;
      return this;
    }

    public Builder optInitStd(double initStd) {
      this.initStd = initStd;
      return this;
    }

    public BottleneckAdapter build() {
      if (hiddenSize <= 0 || reductionFactor <= 0) {
        throw new IllegalArgumentException("adapter needs a positive hidden size and reduction");
      }
      return new BottleneckAdapter(this);
    }
  }
}
