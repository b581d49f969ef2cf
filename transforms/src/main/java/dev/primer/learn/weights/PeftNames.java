package dev.primer.learn.weights;

import java.util.function.Predicate;

/**
 * Recognises parameter names by role, following the state-dict naming contract of the model: PEFT
 * tensors live under their module ({@code ....output.adapter.down.weight}, {@code
 * ....query.lora_A.weight}, {@code prefix.embedding.weight}); the task head is {@code
 * classifier.*}; the MLM head {@code cls.*}.
 */
public final class PeftNames {

  /** PEFT parameters only. */
  public static final Predicate<String> PEFT = PeftNames::isPeft;

  /** PEFT parameters plus the token-classification head: what a PEFT checkpoint usually holds. */
  public static final Predicate<String> PEFT_AND_CLASSIFIER =
      name -> isPeft(name) || isClassifier(name);

  private PeftNames() {}

  /** Whether {@code name} is an adapter, LoRA or prefix parameter. */
  public static boolean isPeft(String name) {
    return name.contains(".adapter.")
        || name.contains(".lora_")
        || name.startsWith("prefix.")
        || name.contains(".prefix.");
  }

  /** Whether {@code name} belongs to the token-classification head. */
  public static boolean isClassifier(String name) {
    return name.startsWith("classifier.");
  }

  /** Whether {@code name} belongs to the masked-LM head. */
  public static boolean isMlmHead(String name) {
    return name.startsWith("cls.");
  }
}
