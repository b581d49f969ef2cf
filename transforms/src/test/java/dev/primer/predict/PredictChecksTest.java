package dev.primer.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The predict stage's option rules: each bad value fails with one line naming the flag. */
class PredictChecksTest {

  private static String message(Executable check) {
    return assertThrows(UserError.class, check).getMessage();
  }

  @Test
  void inputsAreSomeValidSpecs() {
    List<PredictInput> inputs = PredictChecks.inputs(List.of("lang=sw:texts/*.txt", "jsonl:a/*"));
    assertEquals(2, inputs.size());
    assertEquals("sw", inputs.get(0).lang());
    assertEquals(
        "--predictInput names no input (e.g. --predictInput=lang=sw:texts/sw-*.txt)",
        message(() -> PredictChecks.inputs(List.of())));
    String bad = message(() -> PredictChecks.inputs(List.of("texts/*.txt")));
    assertTrue(bad.startsWith("--predictInput: input 'texts/*.txt' is not lang=xx:PATTERN"), bad);
  }

  @Test
  void adaptersAreLangEqualsDir() {
    assertEquals(Map.entry("sw", "/a/b/"), PredictChecks.adapter("sw=/a/b/"));
    assertEquals("--adapters: 'sw' is not lang=DIR", message(() -> PredictChecks.adapter("sw")));
    assertEquals(
        "--adapters: '=/a/' is not lang=DIR", message(() -> PredictChecks.adapter("=/a/")));
  }

  @Test
  void theFallbackHasAnAdapterAndBatchesHoldLines() {
    assertNull(PredictChecks.fallback("", Set.of("sw"), 1));
    assertEquals("sw", PredictChecks.fallback("sw", Set.of("sw", "yo"), 1));
    assertEquals(
        "--fallbackAdapter=qu has no adapter; adapters: [sw]",
        message(() -> PredictChecks.fallback("qu", Set.of("sw"), 1)));
    assertEquals(
        "--linesPerBatch must be > 0, got 0",
        message(() -> PredictChecks.fallback("", Set.of("sw"), 0)));
  }
}
