package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code run --stages=...} registers the options of several stages at once: options of the same
 * name in two stages must agree (type and default), or Beam refuses the whole command line.
 */
class StageOptionsCoexistTest {

  @Test
  void everyStagesOptionsCanBeUsedTogether() {
    for (Stage<?, ?> stage : StageRegistry.standard().all()) {
      PipelineOptionsFactory.register(stage.optionsClass());
    }
    PipelineOptions options = PipelineOptionsFactory.fromArgs("--runId=x").create();
    int viewed = 0;
    for (Stage<?, ?> stage : StageRegistry.standard().all()) {
      options.as(stage.optionsClass());
      viewed++;
    }
    assertEquals(StageRegistry.standard().all().size(), viewed);
  }
}
