package dev.primer.pipelines;

import dev.primer.OptionChecks;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.finetune.TaskEntry;
import dev.primer.finetune.TaskResultLocations;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.PathSegments;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.predict.Adapter;
import dev.primer.predict.PredictChecks;
import dev.primer.predict.PredictInput;
import dev.primer.predict.PredictSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the predict stage's plan resolved, once: the inputs to tag and the settings (adapters per
 * language, fallback, tokenizer, window, pad id). {@link #resolve} checks options, input patterns,
 * the run's vocab and encode outputs and every adapter (a fine-tuning task's {@code result.json},
 * its checkpoints' manifests and listed files) and records input files and checkpoint manifests as
 * inputs; every problem is a {@link UserError}.
 */
record PredictPlan(List<PredictInput> inputs, PredictSettings settings) {

  PredictPlan {
    inputs = List.copyOf(inputs);
  }

  /** Checks options, inputs and adapters; every problem is a UserError. */
  static PredictPlan resolve(PredictOptions options, StageContext context) throws IOException {
    List<PredictInput> inputs = PredictChecks.inputs(OptionNames.list(options.getPredictInput()));
    for (PredictInput i : inputs) {
      if (ResourceIO.list(i.pattern()).isEmpty()) {
        throw new UserError("--predictInput: no file matches " + i.pattern());
      }
    }
    context.requireUpstream(StageArtifacts.VOCAB);
    String tokenizerUri = RunArtifacts.tokenizerUri(context);
    int padId = RunArtifacts.padId(context, RunArtifacts.tokenizer(context));
    Manifest encode = context.requireUpstream(StageArtifacts.ENCODE);
    int maxLength = encode.options.path("maxLength").asInt(128);

    Map<String, Adapter> adapters = new TreeMap<>();
    List<String> explicit = OptionNames.list(options.getAdapters());
    if (!explicit.isEmpty()) {
      for (String spec : explicit) {
        Map.Entry<String, String> item = PredictChecks.adapter(spec);
        String dir = CommittedStage.resolveUserPath(item.getValue(), EvaluatePlan.USER_PATH_DEPTH);
        PathSegments.check("--adapters", item.getKey());
        adapters.put(item.getKey(), adapter("--adapters: ", dir.endsWith("/") ? dir : dir + "/"));
      }
    } else {
      context.requireUpstream(StageArtifacts.FINETUNE);
      Map<String, TaskEntry> tasks = RunArtifacts.finetuneTasks(context);
      String root =
          context.upstreamDirectory(StageArtifacts.FINETUNE) + StageArtifacts.FINETUNE_TASKS + "/";
      for (Map.Entry<String, TaskEntry> task : tasks.entrySet()) {
        TaskEntry t = task.getValue();
        if (t.succeeded()
            && options.getAdapterSetting().equals(t.setting())
            && options.getAdapterMethod().optionName().equals(t.method())
            && t.seed() == options.getAdapterSeed()) {
          adapters.put(t.lang(), adapter("", root + task.getKey() + "/"));
        }
      }
      if (adapters.isEmpty()) {
        throw new UserError(
            "the run's finetune stage has no succeeded task "
                + "*/"
                + options.getAdapterSetting()
                + "/"
                + options.getAdapterMethod().optionName()
                + "/seed="
                + options.getAdapterSeed()
                + "; choose --adapterSetting/--adapterMethod/--adapterSeed or give --adapters");
      }
    }
    String fallback =
        PredictChecks.fallback(
            options.getFallbackAdapter(), adapters.keySet(), options.getLinesPerBatch());
    PredictSettings settings =
        OptionChecks.settings(
            "predict",
            () ->
                new PredictSettings(
                    adapters,
                    fallback,
                    maxLength,
                    tokenizerUri,
                    options.getPredictBatchSize(),
                    options.getDeterministic(),
                    padId));
    List<String> patterns = new ArrayList<>();
    inputs.forEach(i -> patterns.add(i.pattern()));
    context.recordInputFiles(patterns);
    java.util.Set<String> checkpoints = new java.util.TreeSet<>();
    for (Adapter a : adapters.values()) {
      checkpoints.add(a.base());
      if (a.peft() != null) {
        checkpoints.add(a.peft());
      }
    }
    for (String dir : checkpoints) {
      String d = dir.endsWith("/") ? dir : dir + "/";
      InputChecks.checkpoint("--adapters", d);
      context.recordInputFile(ResourceIO.file(d + CheckpointManifest.FILE));
    }
    return new PredictPlan(inputs, settings);
  }

  /** The adapter of a fine-tuning task directory (its result.json names the checkpoint). */
  private static Adapter adapter(String option, String taskDir) throws IOException {
    var file = ResourceIO.file(taskDir + StageArtifacts.FINETUNE_RESULT);
    if (!ResourceIO.exists(file)) {
      throw new UserError(
          option + taskDir + " is not a fine-tuning task directory (no result.json)");
    }
    TaskResultLocations result;
    try {
      result = TaskResultLocations.parse(Manifest.mapper(), ResourceIO.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserError(option + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (result.full()) {
      return new Adapter(taskDir + result.checkpointLocation(), null);
    }
    return new Adapter(result.baseLocation(), taskDir + result.checkpointLocation());
  }
}
