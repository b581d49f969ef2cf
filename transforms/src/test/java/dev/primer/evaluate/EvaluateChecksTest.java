package dev.primer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.UserError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The evaluate stage's option rules: each bad value fails with one line naming the flag. */
class EvaluateChecksTest {

  private static String message(Executable check) {
    return assertThrows(UserError.class, check).getMessage();
  }

  @Test
  void splitsAndSizes() {
    assertEquals(List.of("dev", "test"), EvaluateChecks.splits(List.of("dev", "test")));
    assertEquals(
        "--evalSplits names no split (e.g. --evalSplits=dev,test)",
        message(() -> EvaluateChecks.splits(List.of())));
    assertThrows(UserError.class, () -> EvaluateChecks.splits(List.of("dev", "../test")));
    EvaluateChecks.sizes(1, 0);
    assertEquals("--evalBatchSize must be > 0, got 0", message(() -> EvaluateChecks.sizes(0, 0)));
    assertEquals("--errorSamples must be >= 0, got -1", message(() -> EvaluateChecks.sizes(8, -1)));
  }

  @Test
  void corporaAreNamedOnceAndNotRun() {
    assertEquals(
        Map.entry("masakhaner", "/runs/x/encode/"),
        EvaluateChecks.corpus("masakhaner=/runs/x/encode/", List.of("run")));
    assertEquals(
        "--corpora: 'masakhaner' is not NAME=PATH (PATH: an encode stage directory)",
        message(() -> EvaluateChecks.corpus("masakhaner", List.of())));
    assertEquals(
        "--corpora: 'm=' is not NAME=PATH (PATH: an encode stage directory)",
        message(() -> EvaluateChecks.corpus("m=", List.of())));
    assertEquals(
        "--corpora: 'run' cannot name a corpus",
        message(() -> EvaluateChecks.corpus("run=/x/", List.of())));
    assertEquals(
        "--corpora: corpus name 'm' is given twice",
        message(() -> EvaluateChecks.corpus("m=/y/", List.of("run", "m"))));
  }

  @Test
  void seedsAreIntegers() {
    assertEquals(Set.of(1L, 42L), EvaluateChecks.seeds(List.of("42", "1", "42")));
    assertEquals(
        "--evalSeeds: 'x1' is not a seed (a comma list of integers)",
        message(() -> EvaluateChecks.seeds(List.of("1", "x1"))));
  }
}
