package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * The PEFT hyper-parameters, shared by {@code prime} (whose inner loop adapts the PEFT parameters)
 * and {@code finetune} (which trains them), so that both build the same PEFT configuration.
 */
public interface PeftOptions extends PrimerOptions {

  @Description(
      "Adapter bottleneck = hidden size / this factor (adapter-houlsby, adapter-pfeiffer); prime and"
          + " finetune read the same value, so that priming adapts the adapters fine-tuning trains.")
  @Default.Integer(16)
  Integer getReductionFactor();

  void setReductionFactor(Integer value);

  @Description("LoRA rank (alpha = 2 x rank) on the query and value projections.")
  @Default.Integer(8)
  Integer getLoraRank();

  void setLoraRank(Integer value);

  @Description("Prefix-tuning: key/value prefix positions per layer.")
  @Default.Integer(10)
  Integer getPrefixLength();

  void setPrefixLength(Integer value);
}
