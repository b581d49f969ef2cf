package dev.primer.pretrain;

import dev.primer.schemas.Metric;
import java.io.IOException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * The pretraining DoFn: one element (the mode) runs {@link PretrainRun} and outputs its metric
 * records. Beam metrics (namespace {@code primer.pretrain}): {@code metric_records}, {@code
 * checkpoint_parameters}.
 */
public final class PretrainFn extends DoFn<String, Metric> {

  private final PretrainSettings settings;
  private final Counter records = Metrics.counter("primer.pretrain", "metric_records");
  private final Counter parameters = Metrics.counter("primer.pretrain", "checkpoint_parameters");

  public PretrainFn(PretrainSettings settings) {
    this.settings = settings;
  }

  @ProcessElement
  public void processElement(@Element String mode, OutputReceiver<Metric> out) throws IOException {
    var manifest =
        new PretrainRun(settings)
            .run(
                m -> {
                  records.inc();
                  out.output(m);
                });
    parameters.inc(manifest.totalParameters());
  }
}
