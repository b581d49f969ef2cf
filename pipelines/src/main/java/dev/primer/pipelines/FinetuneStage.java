package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.finetune.FineTuneTasks;
import dev.primer.finetune.TaskEntry;
import dev.primer.io.CollectJsonObject;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WriteTextFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code finetune}: fans out (target language x setting x method x seed) tasks; each loads its
 * setting's base checkpoint (the unprimed {@code pretrain/checkpoint/} for {@code full} and {@code
 * unprimed}, {@code prime/<variant>/checkpoint/} for a priming variant), trains PEFT parameters and
 * a new head (or everything for {@code full}) on the language's train split, keeps the parameters
 * with the best dev F1, and writes {@code tasks/<lang>/<setting>/<method>/seed=<s>/} ({@code peft/}
 * or {@code full/} checkpoint, {@code result.json}); all metric records go to {@code
 * metrics/part-*.avro}, the outcome of every task to {@code tasks.json}.
 *
 * <p>A task that throws becomes a dead letter ({@code deadletters.jsonl}, reason {@code
 * TASK_FAILED}) while the other tasks run on; afterwards the stage fails, naming the failed tasks
 * and writing no manifest, unless {@code --allowFailedTasks=true}, in which case it completes and
 * its manifest lists them.
 */
final class FinetuneStage extends NamedStage<FinetuneOptions, FinetunePlan> {

  /** Upstream stages and directories of the base checkpoints (issue 4 design). */
  static final String PRETRAIN = "pretrain";

  static final String PRIME = "prime";
  static final String EPISODES = "episodes";
  static final String CHECKPOINT = "checkpoint";

  /** {@code finetune/tasks.json}: task id to its outcome. */
  static final String TASKS_JSON = "tasks.json";

  FinetuneStage() {
    super(
        StageArtifacts.FINETUNE,
        "per-language PEFT (or full) fine-tuning tasks on the base checkpoints, dev-F1 selected",
        FinetuneOptions.class);
  }

  @Override
  public FinetunePlan plan(FinetuneOptions options, StageContext context) throws Exception {
    return FinetunePlan.resolve(options, context);
  }

  @Override
  public void run(FinetuneOptions options, FinetunePlan plan, StageContext context)
      throws Exception {
    String out = context.outputDirectory().toString();

    Pipeline pipeline = PipelineRuns.create(options, name());
    FineTuneTasks.Result result =
        pipeline.apply(
            "FineTuneTasks",
            FineTuneTasks.of(plan.tasks(), plan.settings())
                .writingMetricsTo(context.outputDirectory(StageArtifacts.FINETUNE_METRICS)));
    result.failures().apply("WriteFailedTasks", WriteDeadLetters.to(out));
    result
        .outcomes()
        .apply(
            "OutcomeJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(o -> KV.of(o.task(), CollectJsonObject.toJson(TaskEntry.of(o)))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("CollectOutcomes", CollectJsonObject.of())
        .apply("WriteOutcomes", WriteTextFile.to(out, TASKS_JSON));
    PipelineRuns.runToCompletion(pipeline, options);

    JsonNode outcomes =
        Manifest.mapper().readTree(ResourceIO.readString(context.outputFile(TASKS_JSON)));
    record(context, plan, outcomes, options.getAllowFailedTasks());
  }

  /** Checks every planned task has one outcome; fills the manifest; fails on failed tasks. */
  private void record(
      StageContext context, FinetunePlan plan, JsonNode outcomes, boolean allowFailed)
      throws IOException {
    Set<String> planned =
        FanOutOutcomes.requireOnePerTask(
            plan.tasks().stream().map(t -> t.id()).toList(), outcomes, "fine-tuning tasks");
    List<String> failed = new ArrayList<>();
    ObjectNode f1 = JsonNodeFactory.instance.objectNode();
    for (String id : planned) {
      TaskEntry o = Manifest.mapper().treeToValue(outcomes.get(id), TaskEntry.class);
      if (o.succeeded()) {
        f1.put(id, o.devF1());
      } else {
        failed.add(id + " (" + o.reason() + ")");
      }
    }
    StageReports.recordDeadLetters(context);
    FanOutOutcomes.failUnlessAllowed(
        failed,
        planned.size(),
        "fine-tuning tasks",
        allowFailed,
        context.output(StageArtifacts.DEAD_LETTERS + ".jsonl"),
        "--allowFailedTasks");
    ObjectNode counts = context.manifest().counts;
    counts.put("tasks", planned.size());
    counts.put("succeeded", planned.size() - failed.size());
    counts.put("failed", failed.size());
    counts.set("failedTasks", Manifest.toTree(failed));
    counts.set("targetLangs", Manifest.toTree(plan.langs()));
    counts.set("settings", Manifest.toTree(plan.settingNames()));
    counts.set("methods", Manifest.toTree(plan.methods()));
    counts.set("seeds", Manifest.toTree(plan.seeds()));
    counts.set("taskIds", Manifest.toTree(List.copyOf(planned)));
    counts.set("devF1", f1);
    counts.set("baseCheckpoints", Manifest.toTree(plan.bases()));
    Map<String, String> outputs = context.manifest().outputs;
    outputs.put(
        "tasks",
        StageArtifacts.FINETUNE_TASKS
            + "/<lang>/<setting>/<method>/seed=<s>/{"
            + StageArtifacts.FINETUNE_PEFT_CHECKPOINT
            + "/,"
            + StageArtifacts.FINETUNE_FULL_CHECKPOINT
            + "/,"
            + StageArtifacts.FINETUNE_RESULT
            + "}");
    outputs.put("metrics", StageArtifacts.FINETUNE_METRICS + "/part-*.avro");
    outputs.put("outcomes", TASKS_JSON);
    outputs.put("deadLetters", StageArtifacts.DEAD_LETTERS + ".jsonl");
  }
}
