package dev.primer.pipelines;

import java.util.List;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of {@code ./primer run}: which stages to run, in order, which to reuse ({@link
 * RunReuse}), and whether they share one embedded Flink cluster ({@link EmbeddedFlinkCluster}).
 */
public interface RunOptions extends PrimerOptions, EmbeddedFlinkOptions {

  @Description(
      "Stages to run, in order, comma separated (e.g. stage,vocab,encode). Each stage reuses its"
          + " output when it is up to date.")
  @Validation.Required
  List<String> getStages();

  void setStages(List<String> value);

  @Description(
      "Start from another run's committed stages instead of computing them (repeatable):"
          + " --reuse=RUN takes every stage committed in RUN that this run does not run and that"
          + " precedes the last stage it runs; --reuse=stage,vocab,encode@RUN takes those stages"
          + " (each must be committed in RUN). RUN is a run id under --runRoot (reused by"
          + " reference: the manifests point at RUN's files) or ROOT/RUN_ID, a path or URI of a"
          + " run under another root (copied, each file checked against RUN's manifest).")
  List<String> getReuse();

  void setReuse(List<String> value);
}
