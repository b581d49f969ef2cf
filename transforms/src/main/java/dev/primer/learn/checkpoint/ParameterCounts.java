package dev.primer.learn.checkpoint;

import dev.primer.learn.weights.PeftNames;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts the elements of a state dict by role, for {@code checkpoint.json}. */
public final class ParameterCounts {

  private ParameterCounts() {}

  /**
   * Returns {@code total} and the counts per group: {@code embeddings}, {@code encoder}, {@code
   * peft}, {@code mlm_head}, {@code classifier}, {@code other} (PEFT tensors count only as peft).
   */
  public static Map<String, Long> of(StateDict tensors) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String group :
        new String[] {
          "total", "embeddings", "encoder", "peft", "mlm_head", "classifier", "other"
        }) {
      counts.put(group, 0L);
    }
    for (Map.Entry<String, Tensor> e : tensors.asMap().entrySet()) {
      long n = e.getValue().numel();
      counts.merge("total", n, Long::sum);
      counts.merge(group(e.getKey()), n, Long::sum);
    }
    return counts;
  }

  static String group(String name) {
    if (PeftNames.isPeft(name)) {
      return "peft";
    }
    if (name.startsWith("bert.embeddings.")) {
      return "embeddings";
    }
    if (name.startsWith("bert.encoder.")) {
      return "encoder";
    }
    if (PeftNames.isMlmHead(name)) {
      return "mlm_head";
    }
    if (PeftNames.isClassifier(name)) {
      return "classifier";
    }
    return "other";
  }
}
