package dev.primer.learn.peft;

import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.LoadPolicy;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which parameters train under each PEFT method: the method's own parameters plus the task head;
 * everything for full fine-tuning.
 */
public final class TrainableParameters {

  private TrainableParameters() {}

  /**
   * The trainable-parameter predicate (on parameter names) for {@code method}.
   *
   * @param method the PEFT method
   * @return true for parameters that train
   */
  public static Predicate<String> predicate(PeftMethod method) {
    Predicate<String> head = LoadPolicy::isHeadTensor;
    switch (method) {
      case FULL:
        return n -> true;
      case HOULSBY:
      case PFEIFFER:
        return head.or(n -> n.contains(".adapter."));
      case LORA:
        return head.or(n -> n.contains(".lora_A.") || n.contains(".lora_B."));
      case PREFIX:
        return head.or(n -> n.startsWith("prefix."));
      case BITFIT:
        return head.or(n -> n.endsWith(".bias"));
      default:
        throw new IllegalStateException(method.name());
    }
  }

  /**
   * Freezes everything but the PEFT parameters of the model's own method and its heads.
   *
   * @param model an initialised model
   * @return names of the trainable parameters
   */
  public static List<String> apply(EncoderModel model) {
    return model.setTrainable(predicate(model.peft().method()));
  }
}
