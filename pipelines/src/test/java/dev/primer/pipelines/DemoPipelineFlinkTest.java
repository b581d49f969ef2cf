package dev.primer.pipelines;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline ({@code ./primer demo}, tiny preset) on embedded Flink, parallelism 2. */
class DemoPipelineFlinkTest {

  @TempDir Path temp;

  @Test
  void demoRunsEveryStageOnFlink() throws Exception {
    DemoPipeline.run(temp, "flink", PrimerCall.FLINK.toArray(String[]::new)).assertComplete();
  }
}
