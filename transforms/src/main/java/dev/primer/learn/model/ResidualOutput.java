package dev.primer.learn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.primer.learn.util.TorchOps;

/**
 * The post-LN residual sub-layer of BERT ({@code attention.output} and {@code output}): {@code
 * LayerNorm(adapter(dropout(dense(x))) + residual)}, the adapter being optional.
 */
public final class ResidualOutput extends EncoderBlock {

  private final Dense dense;
  private final BottleneckAdapter adapter;
  private final LayerNormBlock layerNorm;
  private final double dropout;

  private ResidualOutput(Builder b) {
    dense = addChildBlock("dense", b.dense);
    adapter = b.adapter == null ? null : addChildBlock("adapter", b.adapter);
    layerNorm = addChildBlock("LayerNorm", b.layerNorm);
    dropout = b.dropout;
  }

  /** A builder; dense, LayerNorm and dropout are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Applies the sub-layer.
   *
   * @param store parameter values
   * @param x input of the dense projection
   * @param residual the sub-layer's input, added before the LayerNorm
   * @param training whether dropout is active
   * @return {@code [B, T, H]}
   */
  public NDArray apply(ParameterStore store, NDArray x, NDArray residual, boolean training) {
    NDArray h = TorchOps.dropout(dense.apply(store, x, training), dropout, training);
    if (adapter != null) {
      h = adapter.apply(store, h, training);
    }
    return layerNorm.apply(store, h.add(residual), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    dense.registerTensors(prefix + "dense.", registry);
    if (adapter != null) {
      adapter.registerTensors(prefix + "adapter.", registry);
    }
    layerNorm.registerTensors(prefix + "LayerNorm.", registry);
  }

  /** Builder of {@link ResidualOutput}. */
  public static final class Builder {
    private Dense dense;
    private BottleneckAdapter adapter;
    private LayerNormBlock layerNorm;
    private double dropout = -1;

    private Builder() {}

    public Builder setDense(Dense dense) {
      this.dense = dense;
      return this;
    }

    public Builder setLayerNorm(LayerNormBlock layerNorm) {
      this.layerNorm = layerNorm;
      return this;
    }

    public Builder setDropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder optAdapter(BottleneckAdapter adapter) {
      this.adapter = adapter;
      return this;
    }

    public ResidualOutput build() {
      if (dense == null || layerNorm == null || dropout < 0) {
        throw new IllegalArgumentException("ResidualOutput needs dense, LayerNorm and dropout");
      }
      return new ResidualOutput(this);
    }
  }
}
