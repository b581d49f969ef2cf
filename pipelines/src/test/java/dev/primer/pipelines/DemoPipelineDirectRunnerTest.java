package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline ({@code ./primer demo}, tiny preset) on the DirectRunner. */
class DemoPipelineDirectRunnerTest {

  @TempDir Path temp;

  @Test
  void demoRunsEveryStageAndEndsWithTheReport() throws Exception {
    DemoPipeline first = DemoPipeline.run(temp, "demo");
    Map<String, Double> f1 = first.assertComplete();

    // Deterministic: the same demo forced to rerun every stage gives the same figures.
    DemoPipeline again = DemoPipeline.run(temp, "demo", "--force=true");
    assertEquals(f1, again.assertComplete());
  }
}
