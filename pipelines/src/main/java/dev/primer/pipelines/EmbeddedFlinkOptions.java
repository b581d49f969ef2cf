package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How {@code run} and {@code demo} run their stages on an embedded Flink cluster ({@link
 * EmbeddedFlinkCluster}); read only with {@code --runner=FlinkRunner --flinkMaster=[local]}.
 */
public interface EmbeddedFlinkOptions extends PipelineOptions {

  @Description(
      "With --runner=FlinkRunner --flinkMaster=[local]: true starts one embedded Flink cluster for"
          + " all the stages of run/demo and stops it at the end; false lets each stage start and"
          + " stop its own (Beam's [local] behaviour, a few seconds per stage).")
  @Default.Boolean(true)
  Boolean getFlinkClusterPerRun();

  void setFlinkClusterPerRun(Boolean value);
}
