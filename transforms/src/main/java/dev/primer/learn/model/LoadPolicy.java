package dev.primer.learn.model;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which mismatches between a state dict and a model a load tolerates. Shape mismatches are never
 * tolerated.
 */
public final class LoadPolicy {

  private final Predicate<String> mayBeMissing;
  private final Predicate<String> mayBeUnexpected;

  private LoadPolicy(Predicate<String> mayBeMissing, Predicate<String> mayBeUnexpected) {
    this.mayBeMissing = Objects.requireNonNull(mayBeMissing);
    this.mayBeUnexpected = Objects.requireNonNull(mayBeUnexpected);
  }

  /** Every model tensor must be present and nothing else. */
  public static LoadPolicy strict() {
    return new LoadPolicy(n -> false, n -> false);
  }

  /**
   * Loading a pretrained encoder into a model that may add PEFT modules and heads: the encoder's
   * tensors ({@code bert.embeddings.*}, {@code bert.encoder.*} except PEFT ones) must be present;
   * PEFT tensors ({@code adapter}, {@code lora_A/B}, {@code prefix.*}) and heads ({@code
   * classifier.*}, {@code cls.*}) may be missing and keep their initialisation; the checkpoint's
   * pooler, pretraining heads the model lacks, and {@code position_ids} buffers are ignored.
   */
  public static LoadPolicy pretrainedEncoder() {
    return new LoadPolicy(
        n -> isPeftTensor(n) || isHeadTensor(n),
        n -> n.startsWith("bert.pooler.") || isHeadTensor(n) || n.endsWith("position_ids"));
  }

  /**
   * A custom policy.
   *
   * @param mayBeMissing model tensors the state dict may lack
   * @param mayBeUnexpected state-dict tensors the model may lack (they are ignored)
   * @return the policy
   */
  public static LoadPolicy of(Predicate<String> mayBeMissing, Predicate<String> mayBeUnexpected) {
    return new LoadPolicy(mayBeMissing, mayBeUnexpected);
  }

  /** Whether a state-dict name belongs to a PEFT module. */
  public static boolean isPeftTensor(String name) {
    return name.contains(".adapter.")
        || name.contains(".lora_A.")
        || name.contains(".lora_B.")
        || name.startsWith("prefix.");
  }

  /** Whether a state-dict name belongs to a task head. */
  public static boolean isHeadTensor(String name) {
    return name.startsWith("classifier.") || name.startsWith("cls.");
  }

  boolean allowsMissing(String name) {
    return mayBeMissing.test(name);
  }

  boolean allowsUnexpected(String name) {
    return mayBeUnexpected.test(name);
  }
}
