package dev.primer.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import dev.primer.learn.meta.InnerOptimizer;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.peft.FinetuneMethod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The prime stage's option rules: each bad value fails with one line naming the flag. */
class PrimeChecksTest {

  private static String message(Executable check) {
    return assertThrows(UserError.class, check).getMessage();
  }

  /** Valid values but {@code bad} at position {@code index} of {@link PrimeChecks#ranges}. */
  private static Executable ranges(int index, Number bad) {
    Number[] v = {1, 0, 0, 0, 0, 1, 1, 0, 1e-3, 1e-4, 0.1};
    v[index] = bad;
    return () ->
        PrimeChecks.ranges(
            (Integer) v[0],
            (Integer) v[1],
            (Integer) v[2],
            (Integer) v[3],
            (Integer) v[4],
            (Integer) v[5],
            (Integer) v[6],
            (Integer) v[7],
            (Double) v[8],
            (Double) v[9],
            (Double) v[10]);
  }

  @Test
  void rangesNameTheFlag() throws Throwable {
    ranges(0, 1).execute();
    assertEquals("--metaBatch must be >= 1, got 0", message(ranges(0, 0)));
    assertEquals("--innerSteps must be >= 0, got -1", message(ranges(1, -1)));
    assertEquals("--innerBatchSize must be >= 0, got -1", message(ranges(2, -1)));
    assertEquals("--metaSteps must be >= 0, got -1", message(ranges(3, -1)));
    assertEquals("--checkpointEvery must be >= 0, got -1", message(ranges(4, -1)));
    assertEquals("--keepCheckpoints must be >= 1, got 0", message(ranges(5, 0)));
    assertEquals("--primeLogEvery must be >= 1, got 0", message(ranges(6, 0)));
    assertEquals("--primeStopAfter must be >= 0, got -1", message(ranges(7, -1)));
    assertEquals("--innerLr must be > 0, got 0.0", message(ranges(8, 0.0)));
    assertEquals("--outerLr must be > 0, got -1.0", message(ranges(9, -1.0)));
    assertEquals("--outerWarmupRatio must be in [0, 1], got 1.5", message(ranges(10, 1.5)));
  }

  @Test
  void variantsAreSomeEachOnce() {
    assertEquals(
        List.of(PrimingVariant.PRIMED, PrimingVariant.MULTITASK),
        PrimeChecks.variants(List.of("primed", "multitask")));
    assertEquals(
        "--primeVariants must name at least one variant",
        message(() -> PrimeChecks.variants(List.of())));
    assertEquals(
        "--primeVariants names primed twice",
        message(() -> PrimeChecks.variants(List.of("primed", "primed"))));
    String unknown = message(() -> PrimeChecks.variants(List.of("primed", "reptile")));
    assertTrue(unknown.startsWith("--primeVariants: unknown"), unknown);
    assertTrue(unknown.contains("'reptile'"), unknown);
  }

  @Test
  void primingNeedsAPeftMethodAndSecondOrderNeedsSgd() {
    PrimeChecks.method(FinetuneMethod.LORA);
    assertTrue(
        message(() -> PrimeChecks.method(FinetuneMethod.FULL))
            .startsWith("--method=full: priming"));
    PrimeChecks.order(MetaOrder.SECOND, InnerOptimizer.SGD);
    PrimeChecks.order(MetaOrder.FIRST, InnerOptimizer.ADAM);
    assertEquals(
        "--metaOrder=second differentiates through plain gradient steps: use --innerOptimizer=sgd",
        message(() -> PrimeChecks.order(MetaOrder.SECOND, InnerOptimizer.ADAM)));
  }
}
