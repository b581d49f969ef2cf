package dev.primer.learn.peft;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which PEFT method to insert into an encoder and its hyper-parameters; JSON-serialisable.
 *
 * <p>Only the hyper-parameters of the chosen method are written to JSON. Defaults: adapters with
 * reduction factor 16, ReLU, residual, init std 1e-2 (up-projection), LoRA rank 8, alpha 16,
 * dropout 0 on query and value, prefix length 10 without reparametrisation. Serializable: stage
 * settings carry it to the workers.
 */
public final class PeftConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final PeftMethod method;
  private final int reductionFactor;
  private final AdapterActivation adapterActivation;
  private final boolean adapterResidual;
  private final double adapterInitStd;
  private final int loraRank;
  private final double loraAlpha;
  private final double loraDropout;
  private final Set<LoraTarget> loraTargets;
  private final int prefixLength;
  private final boolean prefixProjection;
  private final int prefixHiddenSize;

  private PeftConfig(Builder b) {
    this.method = b.method;
    this.reductionFactor = b.reductionFactor;
    this.adapterActivation = b.adapterActivation;
    this.adapterResidual = b.adapterResidual;
    this.adapterInitStd = b.adapterInitStd;
    this.loraRank = b.loraRank;
    this.loraAlpha = b.loraAlpha;
    this.loraDropout = b.loraDropout;
    this.loraTargets = Collections.unmodifiableSet(EnumSet.copyOf(b.loraTargets));
    this.prefixLength = b.prefixLength;
    this.prefixProjection = b.prefixProjection;
    this.prefixHiddenSize = b.prefixHiddenSize;
    validate();
  }

  private void validate() {
    if (reductionFactor <= 0) {
      throw new IllegalArgumentException("reduction_factor must be > 0, got " + reductionFactor);
    }
    if (!(adapterInitStd >= 0)) {
      throw new IllegalArgumentException("adapter_init_std must be >= 0, got " + adapterInitStd);
    }
    if (loraRank <= 0) {
      throw new IllegalArgumentException("lora_rank must be > 0, got " + loraRank);
    }
    if (!(loraAlpha > 0)) {
      throw new IllegalArgumentException("lora_alpha must be > 0, got " + loraAlpha);
    }
    if (!(loraDropout >= 0 && loraDropout < 1)) {
      throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + loraDropout);
    }
    if (method == PeftMethod.LORA && loraTargets.isEmpty()) {
      throw new IllegalArgumentException("lora_targets must name at least one matrix");
    }
    if (prefixLength <= 0) {
      throw new IllegalArgumentException("prefix_length must be > 0, got " + prefixLength);
    }
    if (prefixHiddenSize < 0) {
      throw new IllegalArgumentException(
          "prefix_hidden_size must be >= 0 (0 = encoder hidden size), got " + prefixHiddenSize);
    }
  }

  /** Full fine-tuning (no PEFT parameters, everything trains). */
  public static PeftConfig full() {
    return builder(PeftMethod.FULL).build();
  }

  /** A builder for {@code method} with default hyper-parameters. */
  public static Builder builder(PeftMethod method) {
    return new Builder(method);
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(method);
    b.reductionFactor = reductionFactor;
    b.adapterActivation = adapterActivation;
    b.adapterResidual = adapterResidual;
    b.adapterInitStd = adapterInitStd;
    b.loraRank = loraRank;
    b.loraAlpha = loraAlpha;
    b.loraDropout = loraDropout;
    b.loraTargets = EnumSet.copyOf(loraTargets);
    b.prefixLength = prefixLength;
    b.prefixProjection = prefixProjection;
    b.prefixHiddenSize = prefixHiddenSize;
    return b;
  }

  public PeftMethod method() {
    return method;
  }

  /** Adapter bottleneck size is {@code hidden / reductionFactor} (at least 1). */
  public int reductionFactor() {
    return reductionFactor;
  }

  public AdapterActivation adapterActivation() {
    return adapterActivation;
  }

  /** Whether adapters add their input back ({@code x + f(x)}); near-identity needs it. */
  public boolean adapterResidual() {
    return adapterResidual;
  }

  /** Std of the normal init of adapter projections (small: the adapter starts near identity). */
  public double adapterInitStd() {
    return adapterInitStd;
  }

  public int loraRank() {
    return loraRank;
  }

  public double loraAlpha() {
    return loraAlpha;
  }

  /** LoRA's update is scaled by {@code alpha / rank}. */
  public double loraScale() {
    return loraAlpha / loraRank;
  }

  public double loraDropout() {
    return loraDropout;
  }

  public Set<LoraTarget> loraTargets() {
    return loraTargets;
  }

  public int prefixLength() {
    return prefixLength;
  }

  /** Whether prefixes are produced by an embedding + MLP (reparametrisation). */
  public boolean prefixProjection() {
    return prefixProjection;
  }

  /** Hidden size of the prefix MLP; 0 means the encoder's hidden size. */
  public int prefixHiddenSize() {
    return prefixHiddenSize;
  }

  /** Whether bottleneck adapters follow the attention output (Houlsby only). */
  public boolean hasAttentionAdapter() {
    return method == PeftMethod.HOULSBY;
  }

  /** Whether bottleneck adapters follow the feed-forward output (Houlsby and Pfeiffer). */
  public boolean hasOutputAdapter() {
    return method == PeftMethod.HOULSBY || method == PeftMethod.PFEIFFER;
  }

  /** Whether LoRA adapts {@code target}. */
  public boolean hasLora(LoraTarget target) {
    return method == PeftMethod.LORA && loraTargets.contains(target);
  }

  /** Whether the encoder carries key/value prefixes. */
  public boolean hasPrefix() {
    return method == PeftMethod.PREFIX;
  }

  /**
   * Serialises this configuration (method and its own hyper-parameters) to JSON ({@link
   * PeftConfigJson}).
   */
  public String toJson() {
    return PeftConfigJson.write(this);
  }

  /**
   * Parses the JSON written by {@link #toJson()}; keys that do not belong to the method are refused
   * so that typos do not pass silently.
   *
   * @param json the JSON text
   * @return the configuration
   */
  public static PeftConfig fromJson(String json) {
    return PeftConfigJson.read(json);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PeftConfig)) {
      return false;
    }
    return toJson().equals(((PeftConfig) o).toJson());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toJson());
  }

  @Override
  public String toString() {
    return toJson().replaceAll("\\s+", "");
  }

  /** Builder of {@link PeftConfig}. */
  public static final class Builder {
    private final PeftMethod method;
    private int reductionFactor = 16;
    private AdapterActivation adapterActivation = AdapterActivation.RELU;
    private boolean adapterResidual = true;
    private double adapterInitStd = 1e-2;
    private int loraRank = 8;
    private double loraAlpha = 16;
    private double loraDropout;
    private Set<LoraTarget> loraTargets = EnumSet.of(LoraTarget.QUERY, LoraTarget.VALUE);
    private int prefixLength = 10;
    private boolean prefixProjection;
    private int prefixHiddenSize;

    private Builder(PeftMethod method) {
      this.method = Objects.requireNonNull(method, "method");
    }

    public Builder setReductionFactor(int reductionFactor) {
      this.reductionFactor = reductionFactor;
      return this;
    }

    public Builder setAdapterActivation(AdapterActivation adapterActivation) {
      this.adapterActivation = Objects.requireNonNull(adapterActivation);
      return this;
    }

    public Builder setAdapterResidual(boolean adapterResidual) {
      this.adapterResidual = adapterResidual;
      return this;
    }

    public Builder setAdapterInitStd(double adapterInitStd) {
      this.adapterInitStd = adapterInitStd;
      return this;
    }

    public Builder setLoraRank(int loraRank) {
      this.loraRank = loraRank;
      return this;
    }

    public Builder setLoraAlpha(double loraAlpha) {
      this.loraAlpha = loraAlpha;
      return this;
    }

    public Builder setLoraDropout(double loraDropout) {
      this.loraDropout = loraDropout;
      return this;
    }

    public Builder setLoraTargets(Set<LoraTarget> loraTargets) {
      this.loraTargets =
          loraTargets.isEmpty() ? EnumSet.noneOf(LoraTarget.class) : EnumSet.copyOf(loraTargets);
      return this;
    }

    public Builder setPrefixLength(int prefixLength) {
      this.prefixLength = prefixLength;
      return this;
    }

    public Builder setPrefixProjection(boolean prefixProjection) {
      this.prefixProjection = prefixProjection;
      return this;
    }

    public Builder setPrefixHiddenSize(int prefixHiddenSize) {
      this.prefixHiddenSize = prefixHiddenSize;
      return this;
    }

    /** Validates and builds the configuration. */
    public PeftConfig build() {
      return new PeftConfig(this);
    }
  }
}
