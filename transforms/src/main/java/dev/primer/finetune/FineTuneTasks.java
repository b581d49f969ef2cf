package dev.primer.finetune;

import dev.primer.io.SpecificAvro;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The fine-tuning fan-out: the planned tasks become elements ({@code CreateTasks}), are
 * redistributed so that a runner spreads them over its workers ({@code SpreadTasks}, a reshuffle),
 * and each is trained by {@link FineTuneFn} ({@code FineTune}). Yields every task's metric records,
 * exactly one {@link TaskOutcome} per task, and a dead letter per failed task; optionally writes
 * the metrics to {@code <metricsDirectory>/part-*.avro}.
 */
public final class FineTuneTasks extends PTransform<PBegin, FineTuneTasks.Result> {

  private final List<FinetuneTask> tasks;
  private final FinetuneSettings settings;
  private final String metricsDirectory;

  private FineTuneTasks(List<FinetuneTask> tasks, FinetuneSettings settings, String metrics) {
    this.tasks = List.copyOf(tasks);
    this.settings = settings;
    this.metricsDirectory = metrics;
  }

  /** Runs {@code tasks} with {@code settings}. */
  public static FineTuneTasks of(List<FinetuneTask> tasks, FinetuneSettings settings) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no fine-tuning task to run");
    }
    return new FineTuneTasks(tasks, settings, null);
  }

  /** Also writes the metric records as {@code <directory>/part-*.avro}. */
  public FineTuneTasks writingMetricsTo(String directory) {
    return new FineTuneTasks(
        tasks, settings, directory.endsWith("/") ? directory : directory + "/");
  }

  @Override
  public Result expand(PBegin begin) {
    PCollectionTuple out =
        begin
            .apply(
                "CreateTasks", Create.of(tasks).withCoder(SerializableCoder.of(FinetuneTask.class)))
            .apply("SpreadTasks", Reshuffle.viaRandomKey())
            .apply(
                "FineTune",
                ParDo.of(new FineTuneFn(settings))
                    .withOutputTags(
                        FineTuneFn.METRICS,
                        TupleTagList.of(FineTuneFn.OUTCOMES).and(FineTuneFn.FAILURES)));
    PCollection<Metric> metrics =
        out.get(FineTuneFn.METRICS).setCoder(SpecificAvro.coder(Metric.class));
    PCollection<TaskOutcome> outcomes =
        out.get(FineTuneFn.OUTCOMES).setCoder(SerializableCoder.of(TaskOutcome.class));
    PCollection<DeadLetter> failures =
        out.get(FineTuneFn.FAILURES).setCoder(SpecificAvro.coder(DeadLetter.class));
    if (metricsDirectory != null) {
      metrics.apply(
          "WriteMetrics",
          SpecificAvro.write(Metric.class).to(metricsDirectory + "part").withSuffix(".avro"));
    }
    return new Result(begin.getPipeline(), metrics, outcomes, failures);
  }

  /** The outputs of {@link FineTuneTasks}. */
  public static final class Result implements POutput {
    private final Pipeline pipeline;
    private final PCollection<Metric> metrics;
    private final PCollection<TaskOutcome> outcomes;
    private final PCollection<DeadLetter> failures;

    Result(
        Pipeline pipeline,
        PCollection<Metric> metrics,
        PCollection<TaskOutcome> outcomes,
        PCollection<DeadLetter> failures) {
      this.pipeline = pipeline;
      this.metrics = metrics;
      this.outcomes = outcomes;
      this.failures = failures;
    }

    /** Learning-curve and final records of every completed task. */
    public PCollection<Metric> metrics() {
      return metrics;
    }

    /** Exactly one outcome per task, completed or failed. */
    public PCollection<TaskOutcome> outcomes() {
      return outcomes;
    }

    /** One dead letter (reason {@value FineTuneFn#TASK_FAILED}) per failed task. */
    public PCollection<DeadLetter> failures() {
      return failures;
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      Map<TupleTag<?>, PValue> out = new LinkedHashMap<>();
      out.put(FineTuneFn.METRICS, metrics);
      out.put(FineTuneFn.OUTCOMES, outcomes);
      out.put(FineTuneFn.FAILURES, failures);
      return out;
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName,
        org.apache.beam.sdk.values.PInput input,
        PTransform<?, ?> transform) {}
  }
}
