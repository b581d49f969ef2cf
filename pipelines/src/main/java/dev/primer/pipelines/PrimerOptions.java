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

  @Description(
      "Take over the run's lease (<runRoot>/<runId>/_LEASE.json) even though its holder's"
          + " heartbeat is recent: for a launcher known to be dead. A live holder stops at its next"
          + " heartbeat check.")
  @Default.Boolean(false)
  Boolean getBreakLease();

  void setBreakLease(Boolean value);

  @Description(
      "Seconds after the last heartbeat of the run's lease after which another launcher takes it"
          + " over (its holder is presumed dead).")
  @Default.Integer(600)
  Integer getLeaseTimeoutSeconds();

  void setLeaseTimeoutSeconds(Integer value);

  @Description("Seconds between two heartbeats of the run's lease while a launcher holds it.")
  @Default.Integer(30)
  Integer getLeaseHeartbeatSeconds();

  void setLeaseHeartbeatSeconds(Integer value);

  @Description("Seed for every random choice the stage makes (sampling, initialisation, order).")
  @Default.Long(42L)
  Long getSeed();

  void setSeed(Long value);
}
