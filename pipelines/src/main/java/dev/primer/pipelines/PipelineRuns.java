package dev.primer.pipelines;

import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/** Creating and running a stage's Beam pipeline. */
final class PipelineRuns {

  private PipelineRuns() {}

  /**
   * Beam's default job name ({@code appname-user-MMddHHmmss-hex}, from {@code JobNameFactory}); a
   * name of that shape was not chosen by the user.
   */
  private static final Pattern BEAM_DEFAULT_JOB_NAME =
      Pattern.compile("[a-z][a-z0-9]*-[a-z0-9]*-\\d{10}-[0-9a-f]{1,8}");

  /**
   * A pipeline for a stage, with a job name runners accept ({@code primer-<runId>-<stage>}, lower
   * case, digits and dashes) unless the user named the job. The options of {@code run} are shared
   * by its stages: a name this method gave an earlier stage of the run is replaced too.
   */
  static Pipeline create(PrimerOptions options, String stage) {
    String prefix =
        ("primer-" + options.getRunId() + "-").toLowerCase().replaceAll("[^a-z0-9-]", "-");
    String current = options.getJobName();
    if (current == null
        || current.startsWith("pipelines-")
        || current.startsWith(prefix)
        || BEAM_DEFAULT_JOB_NAME.matcher(current).matches()) {
      options.setJobName(prefix + stage.toLowerCase().replaceAll("[^a-z0-9-]", "-"));
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
