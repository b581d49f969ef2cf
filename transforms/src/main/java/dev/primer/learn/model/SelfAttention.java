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
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.primer.learn.util.TorchOps;

/**
 * Multi-head scaled dot-product self-attention ({@code attention.self}).
 *
 * <p>Query, key and value projections are fused into one {@code [3H, H]} parameter for speed; the
 * state dict still exposes {@code query}, {@code key} and {@code value} as separate HuggingFace
 * tensors (row blocks of the fused one). Optional LoRA updates per projection and optional
 * key/value prefixes (prefix-tuning) are supported.
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
  private final Parameter qkvWeight;
  private final Parameter qkvBias;
  private final LoraDelta[] lora = new LoraDelta[3];
  private NDArray queryScale;

  private SelfAttention(Builder b) {
    EncoderConfig c = b.config;
    hiddenSize = c.hiddenSize();
    numHeads = c.numHeads();
    headSize = c.headSize();
    attentionDropout = c.attentionDropout();
    qkvWeight =
        addParameter(
            Parameter.builder()
                .setName("qkv_weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(3L * hiddenSize, hiddenSize))
                .optInitializer(new NormalInitializer((float) c.initializerRange()))
                .build());
    qkvBias =
        addParameter(
            Parameter.builder()
                .setName("qkv_bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(3L * hiddenSize))
                .optInitializer(Initializer.ZEROS)
                .build());
    String[] names = {"query", "key", "value"};
    for (int i = 0; i < 3; i++) {
      if (b.lora[i] != null) {
        lora[i] = addChildBlock(names[i], b.lora[i]);
      }
    }
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
    Device device = hidden.getDevice();
    Shape shape = hidden.getShape();
    long batch = shape.get(0);
    long length = shape.get(1);
    NDArray qkv =
        TorchOps.linear(
            hidden,
            store.getValue(qkvWeight, device, training),
            store.getValue(qkvBias, device, training));
    // [B, T, 3, heads, d] -> [3, B, heads, T, d]
    NDArray heads =
        TorchOps.permute(qkv.reshape(batch, length, 3, numHeads, headSize), 2, 0, 3, 1, 4);
    NDList parts = heads.split(3, 0);
    NDArray query = parts.get(0).squeeze(0);
    NDArray key = parts.get(1).squeeze(0);
    NDArray value = parts.get(2).squeeze(0);
    if (lora[0] != null) {
      query = query.add(splitHeads(lora[0].apply(store, hidden, training), batch, length));
    }
    if (lora[1] != null) {
      key = key.add(splitHeads(lora[1].apply(store, hidden, training), batch, length));
    }
    if (lora[2] != null) {
      value = value.add(splitHeads(lora[2].apply(store, hidden, training), batch, length));
    }
    if (prefixKey != null) {
      long prefix = prefixKey.getShape().get(1);
      key = splitHeads(prefixKey, batch, prefix).concat(key, 2);
      value = splitHeads(prefixValue, batch, prefix).concat(value, 2);
    }
    NDArray scores = query.mul(queryScale).matMul(TorchOps.transpose(key, 2, 3));
    NDArray probs = scores.add(attentionBias).softmax(-1);
    probs = TorchOps.dropout(probs, attentionDropout, training);
    NDArray context = TorchOps.transpose(probs.matMul(value), 1, 2);
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
    registry.addFused(
        prefix + "qkv.weight",
        qkvWeight,
        prefix + "query.weight",
        prefix + "key.weight",
        prefix + "value.weight");
    registry.addFused(
        prefix + "qkv.bias",
        qkvBias,
        prefix + "query.bias",
        prefix + "key.bias",
        prefix + "value.bias");
    String[] names = {"query.", "key.", "value."};
    for (int i = 0; i < 3; i++) {
      if (lora[i] != null) {
        lora[i].registerTensors(prefix + names[i], registry);
      }
    }
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
