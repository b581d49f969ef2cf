package dev.primer.learn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.util.TorchOps;

/**
 * One post-LN transformer layer: self-attention, {@code attention.output}, GELU feed-forward
 * ({@code intermediate}) and {@code output}, with the PEFT modules the {@link PeftConfig} asks for.
 */
public final class EncoderLayer extends EncoderBlock {

  private final SelfAttention attention;
  private final ResidualOutput attentionOutput;
  private final Dense intermediate;
  private final ResidualOutput output;

  private EncoderLayer(Builder b) {
    EncoderConfig c = b.config;
    PeftConfig peft = b.peft;
    int h = c.hiddenSize();
    int i = c.intermediateSize();
    attention =
        addChildBlock(
            "attention_self",
            SelfAttention.builder()
                .setConfig(c)
                .optQueryLora(lora(peft, LoraTarget.QUERY, h, h))
                .optKeyLora(lora(peft, LoraTarget.KEY, h, h))
                .optValueLora(lora(peft, LoraTarget.VALUE, h, h))
                .build());
    attentionOutput =
        addChildBlock(
            "attention_output",
            residual(c, dense(c, h, h, lora(peft, LoraTarget.ATTENTION_OUTPUT, h, h)))
                .optAdapter(peft.hasAttentionAdapter() ? adapter(c, peft) : null)
                .build());
    intermediate =
        addChildBlock("intermediate", dense(c, h, i, lora(peft, LoraTarget.INTERMEDIATE, h, i)));
    output =
        addChildBlock(
            "output",
            residual(c, dense(c, i, h, lora(peft, LoraTarget.OUTPUT, i, h)))
                .optAdapter(peft.hasOutputAdapter() ? adapter(c, peft) : null)
                .build());
  }

  /** A builder; the encoder config is required, PEFT defaults to none. */
  public static Builder builder() {
    return new Builder();
  }

  private static LoraDelta lora(PeftConfig peft, LoraTarget target, int in, int out) {
    if (!peft.hasLora(target)) {
      return null;
    }
    return LoraDelta.builder()
        .setInFeatures(in)
        .setOutFeatures(out)
        .setRank(peft.loraRank())
        .setAlpha(peft.loraAlpha())
        .optDropout(peft.loraDropout())
        .build();
  }

  private static Dense dense(EncoderConfig c, int in, int out, LoraDelta lora) {
    return Dense.builder()
        .setInFeatures(in)
        .setOutFeatures(out)
        .setInitStd(c.initializerRange())
        .optLora(lora)
        .build();
  }

  private static ResidualOutput.Builder residual(EncoderConfig c, Dense dense) {
    return ResidualOutput.builder()
        .setDense(dense)
        .setDropout(c.hiddenDropout())
        .setLayerNorm(
            LayerNormBlock.builder().setSize(c.hiddenSize()).setEps(c.layerNormEps()).build());
  }

  private static BottleneckAdapter adapter(EncoderConfig c, PeftConfig peft) {
    return BottleneckAdapter.builder()
        .setHiddenSize(c.hiddenSize())
        .setReductionFactor(peft.reductionFactor())
        .optActivation(peft.adapterActivation())
        .optResidual(peft.adapterResidual())
        .optInitStd(peft.adapterInitStd())
        .build();
  }

  /**
   * Applies the layer.
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
    NDArray context =
        attention.apply(store, hidden, attentionBias, prefixKey, prefixValue, training);
    NDArray attended = attentionOutput.apply(store, context, hidden, training);
    NDArray inner = TorchOps.gelu(intermediate.apply(store, attended, training));
    return output.apply(store, inner, attended, training);
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
    attention.registerTensors(prefix + "attention.self.", registry);
    attentionOutput.registerTensors(prefix + "attention.output.", registry);
    intermediate.registerTensors(prefix + "intermediate.dense.", registry);
    output.registerTensors(prefix + "output.", registry);
  }

  /** Builder of {@link EncoderLayer}. */
  public static final class Builder {
    private EncoderConfig config;
    private PeftConfig peft = PeftConfig.full();

    private Builder() {}

    public Builder setConfig(EncoderConfig config) {
      this.config = config;
      return this;
    }

    /** PEFT modules to insert (adapters, LoRA); prefixes are fed in by the caller. */
    public Builder optPeft(PeftConfig peft) {
      this.peft = peft;
      return this;
    }

    public EncoderLayer build() {
      if (config == null || peft == null) {
        throw new IllegalArgumentException("EncoderLayer needs an EncoderConfig");
      }
      return new EncoderLayer(this);
    }
  }
}
