package dev.primer.learn.peft;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fine-tuning methods by their option names ({@code --methods}, Metric {@code method}, task
 * ids): full fine-tuning and the PEFT methods of {@link PeftMethod}.
 */
public enum FinetuneMethod implements OptionEnum {
  /** Every parameter trains (only with the setting {@code full}). */
  FULL("full", PeftMethod.FULL),
  /** Bottleneck adapters after attention and feed-forward (Houlsby et al.). */
  ADAPTER_HOULSBY("adapter-houlsby", PeftMethod.HOULSBY),
  /** Bottleneck adapters after the feed-forward only (Pfeiffer et al.). */
  ADAPTER_PFEIFFER("adapter-pfeiffer", PeftMethod.PFEIFFER),
  /** Low-rank updates of the attention projections. */
  LORA("lora", PeftMethod.LORA),
  /** Trainable key/value prefixes. */
  PREFIX("prefix", PeftMethod.PREFIX),
  /** Bias terms only. */
  BITFIT("bitfit", PeftMethod.BITFIT);

  private final String optionName;
  private final PeftMethod peftMethod;

  FinetuneMethod(String optionName, PeftMethod peftMethod) {
    this.optionName = optionName;
    this.peftMethod = peftMethod;
  }

  /** The name in options, metrics and task ids, e.g. {@code adapter-houlsby}. */
  @Override
  public String optionName() {
    return optionName;
  }

  /** The learning core's method. */
  public PeftMethod peftMethod() {
    return peftMethod;
  }

  /** Whether this is full fine-tuning (everything trains, the whole model is saved). */
  public boolean isFull() {
    return this == FULL;
  }

  /**
   * The PEFT configuration of this method: the learning core's defaults, with the hyper-parameters
   * the stage exposes.
   *
   * @param reductionFactor adapter bottleneck = hidden / reductionFactor
   * @param loraRank LoRA rank (alpha = 2 x rank)
   * @param prefixLength prefix positions per layer
   */
  public PeftConfig peftConfig(int reductionFactor, int loraRank, int prefixLength) {
    PeftConfig.Builder b = PeftConfig.builder(peftMethod);
    switch (this) {
      case ADAPTER_HOULSBY, ADAPTER_PFEIFFER -> b.setReductionFactor(reductionFactor);
      case LORA -> b.setLoraRank(loraRank).setLoraAlpha(2.0 * loraRank);
      case PREFIX -> b.setPrefixLength(prefixLength);
      default -> {}
    }
    return b.build();
  }

  /**
   * The PEFT configuration of every method ({@link #peftConfig} of each; {@link PeftConfig#full()}
   * for {@link #FULL}), as the stages expose the hyper-parameters.
   *
   * @throws IllegalArgumentException when a hyper-parameter is out of range
   */
  public static Map<FinetuneMethod, PeftConfig> peftConfigs(
      int reductionFactor, int loraRank, int prefixLength) {
    Map<FinetuneMethod, PeftConfig> out = new EnumMap<>(FinetuneMethod.class);
    for (FinetuneMethod m : values()) {
      out.put(m, m.peftConfig(reductionFactor, loraRank, prefixLength));
    }
    return out;
  }

  /**
   * The method with this option name (case-insensitive).
   *
   * @throws IllegalArgumentException naming the valid names
   */
  @JsonCreator
  public static FinetuneMethod fromOptionName(String name) {
    return OptionNames.parse(FinetuneMethod.class, name, "fine-tuning method");
  }

  /** All option names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(m -> m.optionName).collect(Collectors.joining(", "));
  }
}
