package dev.primer.priming;

import dev.primer.learn.meta.PrimingVariant;
import dev.primer.schemas.Metric;
import java.io.IOException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * The priming training DoFn: each element is a variant name; trains (or resumes) that variant with
 * {@link PrimeRun} and outputs its {@link Metric} records. Beam metrics (namespace {@code
 * primer.prime}): {@code meta_steps} (meta-steps done in this invocation), {@code
 * resumed_meta_steps} (restored from checkpoints), {@code variants_primed}, and the distributions
 * {@code query_loss_milli} and {@code query_f1_permille} of the per-step query loss (x1000) and F1
 * (x1000).
 */
public final class PrimeFn extends DoFn<String, Metric> {

  private final PrimeSettings settings;
  private final Counter metaSteps = Metrics.counter("primer.prime", "meta_steps");
  private final Counter resumedMetaSteps = Metrics.counter("primer.prime", "resumed_meta_steps");
  private final Counter variantsPrimed = Metrics.counter("primer.prime", "variants_primed");
  private final Distribution queryLoss = Metrics.distribution("primer.prime", "query_loss_milli");
  private final Distribution queryF1 = Metrics.distribution("primer.prime", "query_f1_permille");

  public PrimeFn(PrimeSettings settings) {
    this.settings = settings;
  }

  @ProcessElement
  public void processElement(@Element String variantName, OutputReceiver<Metric> out)
      throws IOException {
    PrimingVariant variant = PrimingVariant.fromOptionName(variantName);
    PrimeRun.Outcome outcome =
        new PrimeRun(settings)
            .run(
                variant,
                (m, replayed) -> {
                  if (!replayed
                      && m.getStep() > 0
                      && m.getLang() == null
                      && "query".equals(m.getSplit())) {
                    if ("loss".equals(m.getName())) {
                      metaSteps.inc();
                      queryLoss.update(Math.round(m.getValue() * 1000));
                    } else if ("f1".equals(m.getName())) {
                      queryF1.update(Math.round(m.getValue() * 1000));
                    }
                  }
                  out.output(m);
                });
    resumedMetaSteps.inc(outcome.resumedFrom());
    variantsPrimed.inc();
  }
}
