package dev.primer.priming;

import dev.primer.OptionChecks;
import dev.primer.UserError;
import dev.primer.learn.meta.InnerOptimizer;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.peft.FinetuneMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * The prime stage's option rules, checked by its plan before {@link PrimeSettings} is built: the
 * variants, a PEFT method, the ranges of the meta-learning options and the meta-gradient order
 * against the inner rule. Each failure is a {@link UserError} naming the flag.
 */
public final class PrimeChecks {

  private PrimeChecks() {}

  /**
   * The variants {@code --primeVariants} names: at least one, each once.
   *
   * @param names the option's list
   * @return the variants in the order given
   */
  public static List<PrimingVariant> variants(List<String> names) {
    List<PrimingVariant> out = new ArrayList<>();
    for (String name : names) {
      PrimingVariant v =
          OptionChecks.parse("--primeVariants", name, PrimingVariant::fromOptionName);
      if (out.contains(v)) {
        throw new UserError("--primeVariants names " + v + " twice");
      }
      out.add(v);
    }
    if (out.isEmpty()) {
      throw new UserError("--primeVariants must name at least one variant");
    }
    return out;
  }

  /** {@code --method} is a PEFT method: priming adapts the parameters PEFT will train. */
  public static void method(FinetuneMethod method) {
    if (method.isFull()) {
      throw new UserError(
          "--method=full: priming adapts the parameters PEFT fine-tuning will train; choose a"
              + " PEFT method (adapter-houlsby, adapter-pfeiffer, lora, prefix, bitfit)");
    }
  }

  /**
   * The ranges of the meta-learning options, in this order: {@code --metaBatch >= 1}, {@code
   * --innerSteps}, {@code --innerBatchSize}, {@code --metaSteps}, {@code --checkpointEvery >= 0},
   * {@code --keepCheckpoints >= 1}, {@code --primeLogEvery >= 1}, {@code --primeStopAfter >= 0},
   * {@code --innerLr} and {@code --outerLr > 0}, {@code --outerWarmupRatio} in [0, 1].
   */
  public static void ranges(
      Integer metaBatch,
      Integer innerSteps,
      Integer innerBatchSize,
      Integer metaSteps,
      Integer checkpointEvery,
      Integer keepCheckpoints,
      Integer primeLogEvery,
      Integer primeStopAfter,
      Double innerLr,
      Double outerLr,
      Double outerWarmupRatio) {
    OptionChecks.atLeast("--metaBatch", metaBatch, 1);
    OptionChecks.nonNegative("--innerSteps", innerSteps);
    OptionChecks.nonNegative("--innerBatchSize", innerBatchSize);
    OptionChecks.nonNegative("--metaSteps", metaSteps);
    OptionChecks.nonNegative("--checkpointEvery", checkpointEvery);
    OptionChecks.atLeast("--keepCheckpoints", keepCheckpoints, 1);
    OptionChecks.atLeast("--primeLogEvery", primeLogEvery, 1);
    OptionChecks.nonNegative("--primeStopAfter", primeStopAfter);
    OptionChecks.positive("--innerLr", innerLr);
    OptionChecks.positive("--outerLr", outerLr);
    OptionChecks.ratio("--outerWarmupRatio", outerWarmupRatio);
  }

  /** Second-order meta-gradients differentiate through plain gradient steps (the SGD rule). */
  public static void order(MetaOrder order, InnerOptimizer inner) {
    if (order == MetaOrder.SECOND && inner != InnerOptimizer.SGD) {
      throw new UserError(
          "--metaOrder=second differentiates through plain gradient steps: use"
              + " --innerOptimizer=sgd");
    }
  }
}
