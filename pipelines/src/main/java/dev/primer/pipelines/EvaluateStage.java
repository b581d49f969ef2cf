package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.evaluate.EvaluateFn;
import dev.primer.evaluate.EvaluateTasks;
import dev.primer.io.CollectJsonObject;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WriteTextFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code evaluate}: scores models on encoded corpora. The models are the run's fine-tuning task
 * models (base checkpoint + the task's {@code peft/}, or the task's {@code full/} model; filtered
 * by {@code --evalSettings/--evalMethods/--evalSeeds}), each on its own language, or one explicit
 * {@code --checkpoint} on every language. The corpora are the run's encode output ({@code run}) and
 * any {@code --corpora=NAME=PATH}; each of {@code --evalSplits} is scored. Per evaluation: seqeval
 * precision/recall/F1 micro and per type with support, the entity-type confusion table and a sample
 * of errors in {@code results/<model>/<corpus>-<split>.json}; Metric records ({@code
 * stage=evaluate, split=<split>, step=-1}; {@code task} is the model id, suffixed {@code @<corpus>}
 * for corpora other than the run's) in {@code metrics/part-*.avro}; every evaluation's micro F1 in
 * {@code evaluations.json}.
 */
final class EvaluateStage extends NamedStage<EvaluateOptions, EvaluatePlan> {

  /** {@code evaluate/evaluations.json}: evaluation id to micro F1 (null when it failed). */
  static final String EVALUATIONS_JSON = "evaluations.json";

  EvaluateStage() {
    super(
        StageArtifacts.EVALUATE,
        "scores fine-tuned (or given) checkpoints on encoded corpora of any split",
        EvaluateOptions.class);
  }

  @Override
  public EvaluatePlan plan(EvaluateOptions options, StageContext context) throws Exception {
    return EvaluatePlan.resolve(options, context);
  }

  @Override
  public void run(EvaluateOptions options, EvaluatePlan plan, StageContext context)
      throws Exception {
    String out = context.outputDirectory().toString();
    Pipeline pipeline = PipelineRuns.create(options, name());
    var result =
        pipeline.apply(
            "EvaluateTasks",
            EvaluateTasks.of(
                plan.tasks(),
                plan.settings(),
                context.outputDirectory(StageArtifacts.EVALUATE_METRICS)));
    result.get(EvaluateFn.FAILURES).apply("WriteFailedEvaluations", WriteDeadLetters.to(out));
    PCollection<KV<String, String>> outcomes =
        result
            .get(EvaluateFn.OUTCOMES)
            .apply(
                "OutcomeJson",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via(
                        kv ->
                            KV.of(
                                kv.getKey(),
                                CollectJsonObject.toJson(
                                    kv.getValue().isNaN() ? null : kv.getValue()))))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    outcomes
        .apply("CollectOutcomes", CollectJsonObject.of())
        .apply("WriteOutcomes", WriteTextFile.to(out, EVALUATIONS_JSON));
    PipelineRuns.runToCompletion(pipeline, options);

    JsonNode f1 =
        Manifest.mapper().readTree(ResourceIO.readString(context.outputFile(EVALUATIONS_JSON)));
    record(context, plan, f1, options.getAllowFailedEvaluations());
  }

  private void record(StageContext context, EvaluatePlan plan, JsonNode f1, boolean allowFailed)
      throws IOException {
    Set<String> planned =
        FanOutOutcomes.requireOnePerTask(
            plan.tasks().stream().map(t -> t.id()).toList(), f1, "evaluations");
    List<String> failed = new ArrayList<>();
    for (String id : planned) {
      if (f1.get(id).isNull()) {
        failed.add(id);
      }
    }
    StageReports.recordDeadLetters(context);
    FanOutOutcomes.failUnlessAllowed(
        failed,
        planned.size(),
        "evaluations",
        allowFailed,
        context.output(StageArtifacts.DEAD_LETTERS + ".jsonl"),
        "--allowFailedEvaluations");
    ObjectNode counts = context.manifest().counts;
    counts.put("evaluations", planned.size());
    counts.put("succeeded", planned.size() - failed.size());
    counts.put("failed", failed.size());
    counts.set("failedEvaluations", Manifest.toTree(failed));
    counts.set("f1", f1);
    Map<String, Object> corpora = new LinkedHashMap<>();
    plan.corpora().forEach((EvaluatePlan.Corpus c) -> corpora.put(c.name(), c.encoded()));
    counts.set("corpora", Manifest.toTree(corpora));
    counts.set(
        "models", Manifest.toTree(plan.models().stream().map(EvaluatePlan.Model::id).toList()));
    Map<String, String> outputs = context.manifest().outputs;
    outputs.put("metrics", StageArtifacts.EVALUATE_METRICS + "/part-*.avro");
    outputs.put(
        "results",
        StageArtifacts.EVALUATE_RESULTS
            + "/<model>/<corpus>-<split>.json (explicit checkpoint: <model>/<lang>/...)");
    outputs.put("evaluations", EVALUATIONS_JSON);
    outputs.put("deadLetters", StageArtifacts.DEAD_LETTERS + ".jsonl");
  }
}
