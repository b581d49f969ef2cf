package dev.primer.evaluate;

import dev.primer.io.DeadLetters;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.train.Determinism;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Metric;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each {@link EvaluationTask} with an {@link EvaluationRunner}: Metric records to the main
 * output, one (evaluation id, micro F1) to {@link #OUTCOMES} (NaN when it failed), and a dead
 * letter (reason {@value #EVALUATION_FAILED}) to {@link #FAILURES} when it throws. Models are
 * loaded once per JVM ({@link ModelCache}); inference runs in batches on the preferred device.
 */
public final class EvaluateFn extends DoFn<EvaluationTask, Metric> {

  /** Dead-letter reason of an evaluation that threw. */
  public static final String EVALUATION_FAILED = "EVALUATION_FAILED";

  /** Metric records (the main output). */
  public static final TupleTag<Metric> METRICS = new TupleTag<>() {};

  /** One (evaluation id, micro F1 or NaN) per evaluation. */
  public static final TupleTag<KV<String, Double>> OUTCOMES = new TupleTag<>() {};

  /** A dead letter per failed evaluation. */
  public static final TupleTag<DeadLetter> FAILURES = new TupleTag<>() {};

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateFn.class);

  private final EvaluateSettings settings;
  private final Counter succeeded = Metrics.counter("primer.evaluate", "evaluations_succeeded");
  private final Counter failed = Metrics.counter("primer.evaluate", "evaluations_failed");
  private final Counter sentences = Metrics.counter("primer.evaluate", "sentences_tagged");
  private final Distribution f1 = Metrics.distribution("primer.evaluate", "f1_permille");
  private transient EvaluationRunner runner;

  /** Evaluates with {@code settings}. */
  public EvaluateFn(EvaluateSettings settings) {
    this.settings = settings;
  }

  @Setup
  public void setup() {
    if (settings.deterministic()) {
      Determinism.singleThreaded();
    }
    runner = new EvaluationRunner(settings);
  }

  @ProcessElement
  public void process(@Element EvaluationTask task, MultiOutputReceiver out) {
    EvaluationRunner.Result result;
    try {
      result = runner.run(task);
    } catch (Exception e) {
      failed.inc();
      String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.error("evaluation {} failed: {}", task.id(), reason, e);
      out.get(OUTCOMES).output(KV.of(task.id(), Double.NaN));
      out.get(FAILURES)
          .output(
              DeadLetters.ofRecord(
                  StageArtifacts.EVALUATE,
                  task.id(),
                  task.id() + " base=" + task.baseCheckpoint() + " peft=" + task.peftCheckpoint(),
                  EVALUATION_FAILED,
                  reason,
                  task.lang()));
      return;
    }
    result.metrics().forEach(m -> out.get(METRICS).output(m));
    double micro = result.scores().report().micro().f1();
    out.get(OUTCOMES).output(KV.of(task.id(), micro));
    succeeded.inc();
    sentences.inc(result.scores().report().sentences());
    f1.update(Math.round(micro * 1000));
  }
}
