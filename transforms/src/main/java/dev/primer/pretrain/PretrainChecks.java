package dev.primer.pretrain;

import dev.primer.OptionChecks;
import dev.primer.UserError;

/**
 * The pretrain stage's option rules, checked by its plan before {@link PretrainSettings} is built:
 * the ranges of masked-LM pretraining. Each failure is a {@link UserError} naming the flag. (The
 * checks of {@code --weights} and {@code --keepLayers} stay in the stage's plan, beside the reading
 * of the weights on any file system.)
 */
public final class PretrainChecks {

  private PretrainChecks() {}

  /**
   * Masked-LM pretraining: {@code --pretrainSteps}, {@code --pretrainBatchSize}, {@code
   * --pretrainLogEvery} and {@code --pretrainLr} are {@code > 0}, {@code --pretrainWarmupRatio} is
   * in [0, 1], {@code --maskProbability} in (0, 1].
   */
  public static void mlm(
      Integer steps,
      Integer batchSize,
      Integer logEvery,
      Double learningRate,
      Double warmupRatio,
      Double maskProbability) {
    OptionChecks.positive("--pretrainSteps", steps);
    OptionChecks.positive("--pretrainBatchSize", batchSize);
    OptionChecks.positive("--pretrainLogEvery", logEvery);
    OptionChecks.positive("--pretrainLr", learningRate);
    OptionChecks.ratio("--pretrainWarmupRatio", warmupRatio);
    OptionChecks.probability("--maskProbability", maskProbability);
  }
}
