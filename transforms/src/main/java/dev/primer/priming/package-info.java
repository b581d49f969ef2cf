/**
 * The {@code prime} stage's work, runnable without Beam: {@link dev.primer.priming.PrimeRun} primes
 * one variant (see {@link dev.primer.learn.meta.PrimingVariant}) of the base encoder on the
 * episodes, which {@link dev.primer.priming.EpisodeStream} streams from Avro in index order; every
 * {@code checkpointEvery} meta-steps {@link dev.primer.priming.StepCheckpoints} writes the model,
 * the outer optimizer's state and the episode position ({@code steps/step-NNNNNNNN/}, complete when
 * its {@code checkpoint.json} exists) and {@link dev.primer.priming.MetricLog} the metrics since
 * the previous one, so that a rerun resumes bit for bit; {@link dev.primer.priming.PrimeMetrics}
 * turns steps into {@code Metric} records; {@link dev.primer.priming.PrimeFn} is the training DoFn.
 */
package dev.primer.priming;
