package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FanOutOutcomesTest {

  private static JsonNode outcomes(String json) throws Exception {
    return new ObjectMapper().readTree(json);
  }

  @Test
  void oneOutcomePerPlannedTaskPasses() throws Exception {
    Set<String> planned =
        FanOutOutcomes.requireOnePerTask(
            List.of("sw/primed/s1", "fr/primed/s1"),
            outcomes("{\"fr/primed/s1\":1,\"sw/primed/s1\":2}"),
            "tasks");
    assertEquals(List.of("fr/primed/s1", "sw/primed/s1"), List.copyOf(planned));
  }

  @Test
  void missingAndUnexpectedOutcomesAreNamed() throws Exception {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                FanOutOutcomes.requireOnePerTask(
                    List.of("a", "b"), outcomes("{\"a\":1,\"c\":2}"), "fine-tuning tasks"));
    assertEquals(
        "the fan-out reported outcomes for 2 fine-tuning tasks but 2 were planned;"
            + " missing b, unexpected c",
        e.getMessage());
  }

  @Test
  void aTaskPlannedTwiceIsRefused() throws Exception {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                FanOutOutcomes.requireOnePerTask(
                    List.of("a", "a"), outcomes("{\"a\":1}"), "tasks"));
    assertEquals("the plan holds 2 tasks but only 1 distinct ids", e.getMessage());
  }

  @Test
  void failuresFailTheStageUnlessAllowed() {
    List<String> failed = List.of("t1 (oom)", "t2 (nan)", "t3 (x)", "t4 (y)");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                FanOutOutcomes.failUnlessAllowed(
                    failed, 8, "evaluations", false, "/run/dl.jsonl", "--allowFailedEvaluations"));
    assertEquals(
        "4 of 8 evaluations failed: t1 (oom); t2 (nan); t3 (x); and 1 more. Details in /run/dl.jsonl;"
            + " --allowFailedEvaluations=true completes the stage without them.",
        e.getMessage());
    assertDoesNotThrow(
        () -> FanOutOutcomes.failUnlessAllowed(failed, 8, "evaluations", true, "p", "--f"));
    assertDoesNotThrow(
        () -> FanOutOutcomes.failUnlessAllowed(List.of(), 8, "evaluations", false, "p", "--f"));
  }
}
