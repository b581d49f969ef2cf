package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.testing.LoopbackGcsServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Permanent Cloud Storage answers stop the launcher with exit 2 and one line naming the {@code
 * gs://} URI (no retry, no HTTP dump): a run root in a bucket the credentials may not use (403) or
 * in a bucket that does not exist (404); corpora that are missing or forbidden are refused (exit 2)
 * naming their URI.
 */
class GcsRunRootErrorsTest {

  private LoopbackGcsServer gcs;
  private final PrimerCall call = new PrimerCall();

  @BeforeEach
  void start() throws Exception {
    gcs = LoopbackGcsServer.start().createBucket("bkt").createBucket("secret").forbid("secret");
    gcs.put("bkt", "corpus/panx/en.tsv", "Paris\tB-LOC\n".getBytes());
  }

  @AfterEach
  void stop() {
    gcs.close();
  }

  private int stage(String runRoot, String corpus) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--stages=stage",
                "--runRoot=" + runRoot,
                "--runId=r",
                "--corpus=" + corpus));
    args.addAll(gcs.beamArgs());
    return call.run(args);
  }

  private void assertOneLine(String... expected) {
    String err = call.err().strip();
    assertEquals(1, err.lines().count(), err);
    for (String e : expected) {
      assertTrue(err.contains(e), err);
    }
  }

  @Test
  void forbiddenRunRootIs403NamingTheBucket() {
    assertEquals(2, stage("gs://secret/runs", "panx:gs://bkt/corpus/panx/*.tsv"), call.err());
    assertOneLine("403 Forbidden for gs://secret");
    assertTrue(gcs.names("secret").isEmpty());
  }

  @Test
  void runRootInAMissingBucketIs404() {
    assertEquals(2, stage("gs://nobucket/runs", "panx:gs://bkt/corpus/panx/*.tsv"), call.err());
    assertOneLine("404 Not Found for gs://nobucket");
  }

  @Test
  void missingOrForbiddenCorpusIsAUserError() {
    // The corpus check lists every unusable spec, one per line below its heading.
    assertEquals(2, stage("gs://bkt/runs", "panx:gs://bkt/corpus/nothing/*.tsv"), call.err());
    assertTrue(call.err().contains("no file matches 'gs://bkt/corpus/nothing/*.tsv'"), call.err());
    assertEquals(2, stage("gs://bkt/runs", "panx:gs://secret/corpus/*.tsv"), call.err());
    assertTrue(call.err().contains("gs://secret"), call.err());
    assertTrue(call.err().contains("403"), call.err());
  }
}
