package dev.primer.learn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.primer.learn.util.TorchOps;

/**
 * Multi-head scaled dot-product self-attention ({@code attention.self}): {@code query}, {@code key}
 * and {@code value} projections (each with an optional LoRA update), optional key/value prefixes
 * (prefix-tuning), softmax with an additive padding bias, attention-probability dropout.
 *
 * <p>The projections are three linears, as in HuggingFace: a fused {@code [3H, H]} projection was
 * measured slower on the CPU, its split and head permutation costing more in the backward pass than
 * the two matrix products it saves.
 *
 * <p>Inputs: {@code hidden [B, T, H]}, {@code attentionBias [B, 1, 1, P + T]} (0 for visible keys,
 * a large negative number for padding), and, with prefix-tuning, {@code prefixKey} and {@code
 * prefixValue} {@code [B, P, H]}. Output: the context {@code [B, T, H]}.
 */
public final class SelfAttention extends EncoderBlock {

  private final int hiddenSize;
  private final int numHeads;
  private final int headSize;
  private final double attentionDropout;
  private final Dense query;
  private final Dense key;
  private final Dense value;
  private NDArray queryScale;

  private SelfAttention(Builder b) {
    EncoderConfig c = b.config;
    hiddenSize = c.hiddenSize();
    numHeads = c.numHeads();
    headSize = c.headSize();
    attentionDropout = c.attentionDropout();
    query = addChildBlock("query", projection(c, b.lora[0]));
    key = addChildBlock("key", projection(c, b.lora[1]));
    value = addChildBlock("value", projection(c, b.lora[2]));
  }

  private static Dense projection(EncoderConfig c, LoraDelta lora) {
    return Dense.builder()
        .setInFeatures(c.hiddenSize())
        .setOutFeatures(c.hiddenSize())
        .setInitStd(c.initializerRange())
        .optLora(lora)
        .build();
  }

  /** A builder; the encoder config is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void createConstants(NDManager manager, DataType dataType) {
    queryScale = TorchOps.scalar(manager, 1.0 / Math.sqrt(headSize), dataType);
    NDScope.unregister(queryScale);
  }

  /**
   * Computes the attention context.
   *
   * @param store parameter values
   * @param hidden {@code [B, T, H]}
   * @param attentionBias {@code [B, 1, 1, P + T]}
   * @param prefixKey {@code [B, P, H]} or null
   * @param prefixValue {@code [B, P, H]} or null
   * @param training whether dropout is active
   * @return {@code [B, T, H]}
   */
  public NDArray apply(
      ParameterStore store,
      NDArray hidden,
      NDArray attentionBias,
      NDArray prefixKey,
      NDArray prefixValue,
      boolean training) {
    Shape shape = hidden.getShape();
    long batch = shape.get(0);
    long length = shape.get(1);
    NDArray q = splitHeads(query.apply(store, hidden, training), batch, length);
    NDArray k = key.apply(store, hidden, training);
    NDArray v = value.apply(store, hidden, training);
    long keys = length;
    if (prefixKey != null) {
      keys += prefixKey.getShape().get(1);
      k = prefixKey.concat(k, 1);
      v = prefixValue.concat(v, 1);
    }
    k = splitHeads(k, batch, keys);
    v = splitHeads(v, batch, keys);
    NDArray scores = q.mul(queryScale).matMul(TorchOps.transpose(k, 2, 3));
    // In place: the product is not saved by autograd, so this saves a [B, h, T, P + T] array.
    NDArray probs = scores.addi(attentionBias).softmax(-1);
    probs = TorchOps.dropout(probs, attentionDropout, training);
    NDArray context = TorchOps.transpose(probs.matMul(v), 1, 2);
    return context.reshape(batch, length, hiddenSize);
  }

  /** {@code [B, T, H]} to {@code [B, heads, T, d]}. */
  private NDArray splitHeads(NDArray x, long batch, long length) {
    return TorchOps.transpose(x.reshape(batch, length, numHeads, headSize), 1, 2);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray prefixKey = inputs.size() > 2 ? inputs.get(2) : null;
    NDArray prefixValue = inputs.size() > 3 ? inputs.get(3) : null;
    return new NDList(apply(store, inputs.get(0), inputs.get(1), prefixKey, prefixValue, training));
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    query.registerTensors(prefix + "query.", registry);
    key.registerTensors(prefix + "key.", registry);
    value.registerTensors(prefix + "value.", registry);
  }

  /** Builder of {@link SelfAttention}. */
  public static final class Builder {
    private EncoderConfig config;
    private final LoraDelta[] lora = new LoraDelta[3];

    private Builder() {}

    public Builder setConfig(EncoderConfig config) {
      this.config = config;
      return this;
    }

    /** LoRA update of the query projection. */
    public Builder optQueryLora(LoraDelta delta) {
      lora[0] = delta;
      return this;
    }

    /** LoRA update of the key projection. */
    public Builder optKeyLora(LoraDelta delta) {
      lora[1] = delta;
      return this;
    }

    /** LoRA update of the value projection. */
    public Builder optValueLora(LoraDelta delta) {
      lora[2] = delta;
      return this;
    }

    public SelfAttention build() {
      if (config == null) {
        throw new IllegalArgumentException("SelfAttention needs an EncoderConfig");
      }
      return new SelfAttention(this);
    }
  }
}
