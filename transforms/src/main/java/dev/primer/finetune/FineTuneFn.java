package dev.primer.finetune;

import ai.djl.Device;
import dev.primer.io.DeadLetters;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.train.Determinism;
import dev.primer.learn.train.DeviceOptions;
import dev.primer.learn.train.DeviceSlots;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Metric;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each {@link FinetuneTask} with a {@link FinetuneRunner}: its metric records go to the main
 * output, its one {@link TaskOutcome} to {@link #OUTCOMES}, and when it throws, a dead letter
 * (reason {@value #TASK_FAILED}, the exception in the detail) to {@link #FAILURES} instead of
 * failing the bundle. The heavy state (language data, downloaded base checkpoints) is cached per
 * JVM by {@link EncodedData} and {@link BaseCheckpointCache}. Each instance claims a slot index of
 * its JVM at setup ({@link DeviceSlots}) and trains on that slot's device ({@code --slotDevices}:
 * by default slot index modulo the GPU count, so a TaskManager with several GPUs and as many slots
 * uses them all); tasks on one device take turns ({@link TaskTurns}).
 */
public final class FineTuneFn extends DoFn<FinetuneTask, Metric> {

  /** Dead-letter reason of a task that threw. */
  public static final String TASK_FAILED = "TASK_FAILED";

  /** Metric records of every task (the main output). */
  public static final TupleTag<Metric> METRICS = new TupleTag<>() {};

  /** One outcome per task. */
  public static final TupleTag<TaskOutcome> OUTCOMES = new TupleTag<>() {};

  /** A dead letter per failed task. */
  public static final TupleTag<DeadLetter> FAILURES = new TupleTag<>() {};

  private static final Logger LOG = LoggerFactory.getLogger(FineTuneFn.class);

  private final FinetuneSettings settings;
  private final Counter succeeded = Metrics.counter("primer.finetune", "tasks_succeeded");
  private final Counter failed = Metrics.counter("primer.finetune", "tasks_failed");
  private final Counter steps = Metrics.counter("primer.finetune", "training_steps");
  private final Distribution devF1 = Metrics.distribution("primer.finetune", "dev_f1_permille");
  private transient FinetuneRunner runner;
  private transient DeviceSlots.Claim slot;
  private transient Device device;

  /** A DoFn running tasks with {@code settings}. */
  public FineTuneFn(FinetuneSettings settings) {
    this.settings = settings;
  }

  @Setup
  public void setup() {
    if (settings.deterministic()) {
      Determinism.singleThreaded();
    }
    runner = new FinetuneRunner(settings);
    slot = DeviceSlots.claim(FineTuneFn.class.getName());
  }

  @StartBundle
  public void startBundle(PipelineOptions options) {
    if (device == null) {
      device = slot.device(options.as(DeviceOptions.class).getSlotDevices());
      LOG.info("fine-tuning slot {} of this JVM trains on {}", slot.slot(), device);
    }
  }

  @Teardown
  public void teardown() {
    if (slot != null) {
      slot.close();
    }
  }

  @ProcessElement
  public void process(@Element FinetuneTask task, MultiOutputReceiver out) {
    LOG.info("fine-tuning task {} starting on {}", task.id(), Thread.currentThread().getName());
    FinetuneRunner.Result result;
    try {
      result = runner.run(task, device);
    } catch (Exception e) {
      failed.inc();
      String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.error("fine-tuning task {} failed: {}", task.id(), reason, e);
      out.get(OUTCOMES).output(TaskOutcome.failed(task, reason));
      out.get(FAILURES)
          .output(
              DeadLetters.ofRecord(
                  StageArtifacts.FINETUNE,
                  task.id(),
                  task.toString() + " base=" + task.baseCheckpoint(),
                  TASK_FAILED,
                  reason + "\n" + stackTrace(e),
                  task.lang()));
      return;
    }
    result.metrics().forEach(m -> out.get(METRICS).output(m));
    out.get(OUTCOMES).output(result.outcome());
    succeeded.inc();
    steps.inc(result.outcome().steps());
    devF1.update(Math.round(result.outcome().devF1() * 1000));
  }

  private static String stackTrace(Throwable e) {
    StringWriter s = new StringWriter();
    e.printStackTrace(new PrintWriter(s));
    String text = s.toString();
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }
}
