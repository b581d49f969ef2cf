package dev.primer.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The pretrain stage's option rules: each bad value fails with one line naming the flag. */
class PretrainChecksTest {

  private static String message(Executable check) {
    return assertThrows(UserError.class, check).getMessage();
  }

  @Test
  void maskedLmRangesNameTheFlag() {
    PretrainChecks.mlm(1, 1, 1, 1e-4, 0.0, 1.0);
    assertEquals(
        "--pretrainSteps must be > 0, got 0",
        message(() -> PretrainChecks.mlm(0, 1, 1, 1e-4, 0.0, 0.15)));
    assertEquals(
        "--pretrainBatchSize must be > 0, got 0",
        message(() -> PretrainChecks.mlm(1, 0, 1, 1e-4, 0.0, 0.15)));
    assertEquals(
        "--pretrainLogEvery must be > 0, got -1",
        message(() -> PretrainChecks.mlm(1, 1, -1, 1e-4, 0.0, 0.15)));
    assertEquals(
        "--pretrainLr must be > 0, got 0.0",
        message(() -> PretrainChecks.mlm(1, 1, 1, 0.0, 0.0, 0.15)));
    assertEquals(
        "--pretrainWarmupRatio must be in [0, 1], got 2.0",
        message(() -> PretrainChecks.mlm(1, 1, 1, 1e-4, 2.0, 0.15)));
    assertEquals(
        "--maskProbability must be in (0, 1], got 0.0",
        message(() -> PretrainChecks.mlm(1, 1, 1, 1e-4, 0.0, 0.0)));
  }
}
