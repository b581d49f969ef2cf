package dev.primer.evaluate;

import dev.primer.io.SpecificAvro;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Metric;
import java.util.List;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The evaluation fan-out: the planned evaluations become elements ({@code CreateEvaluations}), are
 * spread over workers ({@code SpreadEvaluations}, a reshuffle) and run by {@link EvaluateFn}
 * ({@code Evaluate}); the Metric records are written as {@code <metrics>/part-*.avro}.
 */
public final class EvaluateTasks extends PTransform<PBegin, PCollectionTuple> {

  private final List<EvaluationTask> tasks;
  private final EvaluateSettings settings;
  private final String metricsDirectory;

  private EvaluateTasks(List<EvaluationTask> tasks, EvaluateSettings settings, String metrics) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no evaluation to run");
    }
    this.tasks = List.copyOf(tasks);
    this.settings = settings;
    this.metricsDirectory = metrics.endsWith("/") ? metrics : metrics + "/";
  }

  /** Runs {@code tasks}, writing their Metric records below {@code metricsDirectory}. */
  public static EvaluateTasks of(
      List<EvaluationTask> tasks, EvaluateSettings settings, String metricsDirectory) {
    return new EvaluateTasks(tasks, settings, metricsDirectory);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple out =
        begin
            .apply(
                "CreateEvaluations",
                Create.of(tasks).withCoder(SerializableCoder.of(EvaluationTask.class)))
            .apply("SpreadEvaluations", Reshuffle.viaRandomKey())
            .apply(
                "Evaluate",
                ParDo.of(new EvaluateFn(settings))
                    .withOutputTags(
                        EvaluateFn.METRICS,
                        TupleTagList.of(EvaluateFn.OUTCOMES).and(EvaluateFn.FAILURES)));
    PCollection<Metric> metrics =
        out.get(EvaluateFn.METRICS).setCoder(SpecificAvro.coder(Metric.class));
    out.get(EvaluateFn.OUTCOMES).setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
    out.get(EvaluateFn.FAILURES).setCoder(SpecificAvro.coder(DeadLetter.class));
    metrics.apply(
        "WriteMetrics",
        SpecificAvro.write(Metric.class).to(metricsDirectory + "part").withSuffix(".avro"));
    return out;
  }
}
