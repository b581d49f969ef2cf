package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options every primer stage takes. */
public interface PrimerOptions extends PipelineOptions {

  @Description(
      "Directory or URI that holds runs (local path, file://, gs://bucket/prefix). Each stage"
          + " writes under <runRoot>/<runId>/<stage>/.")
  @Default.String("runs")
  String getRunRoot();

  void setRunRoot(String value);

  @Description("Name of the run inside the run root; stages of one run read each other's outputs.")
  @Default.String("local")
  String getRunId();

  void setRunId(String value);

  @Description(
      "Rerun the stage even when its output is complete and its cache key (options, inputs,"
          + " upstream outputs, version) is unchanged.")
  @Default.Boolean(false)
  Boolean getForce();

  void setForce(Boolean value);

  @Description("Seed for every random choice the stage makes (sampling, initialisation, order).")
  @Default.Long(42L)
  Long getSeed();

  void setSeed(Long value);
}
