package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code --reuse} syntax ({@link RunReuse#parse}); the behaviour is RunReuseDirectRunnerTest.
 */
class RunReuseTest {

  @Test
  void aBareRunIdIsEveryUpstreamStageOfARunUnderThisRoot() {
    List<RunReuse.Request> requests = RunReuse.parse(List.of("--reuse=x", "--runId=y"), "/r/runs");
    assertEquals(1, requests.size());
    assertEquals(List.of(), requests.get(0).stages());
    assertEquals("/r/runs", requests.get(0).source().runRoot());
    assertEquals("x", requests.get(0).source().runId());
  }

  @Test
  void stagesBeforeTheAtSignGoWithTheirRunAndFlagsRepeat() {
    List<RunReuse.Request> requests =
        RunReuse.parse(
            List.of("--reuse=stage, vocab,encode@x", "--reuse=prime@gs://bucket/runs/z/"), "runs");
    assertEquals(List.of("stage", "vocab", "encode"), requests.get(0).stages());
    assertEquals("runs", requests.get(0).source().runRoot());
    assertEquals(List.of("prime"), requests.get(1).stages());
    assertEquals("gs://bucket/runs/", requests.get(1).source().runRoot());
    assertEquals("z", requests.get(1).source().runId());
  }

  @Test
  void malformedValuesAreUserErrors() {
    for (String bad :
        List.of("--reuse=@x", "--reuse=prime@", "--reuse=prime@runs/..", "--reuse=")) {
      UserError e = assertThrows(UserError.class, () -> RunReuse.parse(List.of(bad), "runs"), bad);
      assertTrue(e.getMessage().startsWith("--reuse="), e.getMessage());
    }
  }
}
