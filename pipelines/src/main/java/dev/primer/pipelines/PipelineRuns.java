package dev.primer.pipelines;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/** Creating and running a stage's Beam pipeline. */
final class PipelineRuns {

  private PipelineRuns() {}

  /**
   * A pipeline for a stage, with a job name runners accept ({@code primer-<runId>-<stage>}, lower
   * case, digits and dashes) unless the user named the job.
   */
  static Pipeline create(PrimerOptions options, String stage) {
    if (options.getJobName() == null || options.getJobName().startsWith("pipelines-")) {
      String name = ("primer-" + options.getRunId() + "-" + stage).toLowerCase();
      options.setJobName(name.replaceAll("[^a-z0-9-]", "-"));
    }
    return Pipeline.create(options);
  }

  /** Runs the pipeline to the end; fails unless it finished DONE. */
  static PipelineResult runToCompletion(Pipeline pipeline, PipelineOptions options) {
    PipelineResult result = pipeline.run(options);
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("pipeline " + options.getJobName() + " ended " + state);
    }
    return result;
  }
}
