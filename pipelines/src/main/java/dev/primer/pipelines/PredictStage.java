package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.UserError;
import dev.primer.finetune.FinetunePlanner;
import dev.primer.io.CollectJsonObject;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WritePartitionedAvro;
import dev.primer.io.WriteTextFile;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.predict.Adapter;
import dev.primer.predict.PredictInput;
import dev.primer.predict.PredictLines;
import dev.primer.predict.PredictSettings;
import dev.primer.schemas.Prediction;
import dev.primer.vocab.SpecialTokens;
import dev.primer.vocab.TokenizerJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code predict}: tags raw text (or pre-tokenized sentences) with the run's base model and the
 * adapter of each line's language ({@code --fallbackAdapter} for other languages). Writes {@code
 * predictions/lang=L/part-*.avro} ({@code Prediction}), {@code jsonl/lang=L/part-*.jsonl} (the same
 * as JSON lines), {@code counts.json} (tagged lines per language) and {@code deadletters.jsonl}
 * (empty lines, invalid UTF-8 or JSON, unknown languages, words the vocabulary cannot encode).
 * Lines longer than the model window are cut into windows at word boundaries and joined back.
 */
final class PredictStage implements Stage<PredictOptions> {

  static final String COUNTS_JSON = "counts.json";

  @Override
  public String name() {
    return StageArtifacts.PREDICT;
  }

  @Override
  public String summary() {
    return "tags raw text with the base model and per-language adapters (JSONL + Avro)";
  }

  @Override
  public Class<PredictOptions> optionsClass() {
    return PredictOptions.class;
  }

  record Plan(List<PredictInput> inputs, PredictSettings settings) {}

  @Override
  public void plan(PredictOptions options, StageContext context) throws Exception {
    Plan plan = resolve(options, context);
    List<String> patterns = new ArrayList<>();
    plan.inputs().forEach(i -> patterns.add(i.pattern()));
    context.recordInputFiles(patterns);
    java.util.Set<String> checkpoints = new java.util.TreeSet<>();
    for (Adapter a : plan.settings().adapters().values()) {
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
  }

  @Override
  public void run(PredictOptions options, StageContext context) throws Exception {
    Plan plan = resolve(options, context);
    String out = context.outputDirectory().toString();
    Pipeline pipeline = PipelineRuns.create(options, name());
    PCollectionTuple result =
        pipeline.apply(
            "PredictLines",
            PredictLines.of(plan.inputs(), plan.settings(), options.getLinesPerBatch(), name()));
    result
        .get(PredictLines.PREDICTIONS)
        .apply(
            "WritePredictions",
            WritePartitionedAvro.to(
                Prediction.class,
                context.outputDirectory(StageArtifacts.PREDICTIONS),
                p -> "lang=" + p.getLang()));
    result
        .get(PredictLines.PREDICTIONS)
        .apply(
            "ToJsonLines",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((Prediction p) -> KV.of(p.getLang(), PredictLines.json(p))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(
            "WriteJsonLines",
            FileIO.<String, KV<String, String>>writeDynamic()
                .by(KV::getKey)
                .withDestinationCoder(StringUtf8Coder.of())
                .via(Contextful.fn(KV::getValue), TextIO.sink())
                .to(context.outputDirectory(StageArtifacts.PREDICTIONS_JSONL))
                .withNaming(
                    lang -> FileIO.Write.defaultNaming("lang=" + lang + "/part", ".jsonl")));
    result.get(PredictLines.REJECTED).apply("WriteDeadLetters", WriteDeadLetters.to(out));
    result
        .get(PredictLines.PREDICTIONS)
        .apply(
            "Langs", MapElements.into(TypeDescriptors.strings()).via((Prediction p) -> p.getLang()))
        .apply("CountPerLanguage", Count.perElement())
        .apply(
            "CountJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(kv -> KV.of(kv.getKey(), Long.toString(kv.getValue()))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("CollectCounts", CollectJsonObject.of())
        .apply("WriteCounts", WriteTextFile.to(out, COUNTS_JSON));
    PipelineRuns.runToCompletion(pipeline, options);

    JsonNode counts =
        Manifest.mapper()
            .readTree(ResourceIO.readString(context.layout().stageFile(name(), COUNTS_JSON)));
    long total = 0;
    for (JsonNode n : counts) {
      total += n.asLong();
    }
    StageReports.recordDeadLetters(context);
    context.manifest().counts.put("predictions", total);
    context.manifest().counts.set("predictionsPerLanguage", counts);
    Map<String, String> adapters = new TreeMap<>();
    plan.settings().adapters().forEach((l, a) -> adapters.put(l, a.base() + " + " + a.peft()));
    context.manifest().counts.set("adapters", Manifest.toTree(adapters));
    context.manifest().counts.put("fallbackAdapter", plan.settings().fallbackLang());
    Map<String, String> outputs = context.manifest().outputs;
    outputs.put("predictions", StageArtifacts.PREDICTIONS + "/lang=*/part-*.avro");
    outputs.put("jsonl", StageArtifacts.PREDICTIONS_JSONL + "/lang=*/part-*.jsonl");
    outputs.put("counts", COUNTS_JSON);
    outputs.put("deadLetters", StageArtifacts.DEAD_LETTERS + ".jsonl");
  }

  /** Checks options, inputs and adapters; every problem is a UserError. */
  static Plan resolve(PredictOptions options, StageContext context) throws IOException {
    List<PredictInput> inputs = new ArrayList<>();
    for (String spec : FinetunePlanner.list(options.getPredictInput())) {
      try {
        inputs.add(PredictInput.parse(spec));
      } catch (IllegalArgumentException e) {
        throw new UserError("--predictInput: " + e.getMessage(), e);
      }
    }
    if (inputs.isEmpty()) {
      throw new UserError(
          "--predictInput names no input (e.g. --predictInput=lang=sw:texts/sw-*.txt)");
    }
    for (PredictInput i : inputs) {
      if (ResourceIO.list(i.pattern()).isEmpty()) {
        throw new UserError("--predictInput: no file matches " + i.pattern());
      }
    }
    context.requireUpstream(StageArtifacts.VOCAB);
    String tokenizerUri =
        context.layout().stageFile(StageArtifacts.VOCAB, StageArtifacts.TOKENIZER).toString();
    TokenizerJson tokenizer =
        TokenizerJson.parse(ResourceIO.readString(ResourceIO.file(tokenizerUri)));
    Integer padId = tokenizer.vocab().get(SpecialTokens.PAD);
    if (padId == null) {
      throw new UserError("vocab/tokenizer.json has no " + SpecialTokens.PAD + " token");
    }
    Manifest encode = context.requireUpstream(StageArtifacts.ENCODE);
    int maxLength = encode.options.path("maxLength").asInt(128);

    Map<String, Adapter> adapters = new TreeMap<>();
    List<String> explicit = FinetunePlanner.list(options.getAdapters());
    if (!explicit.isEmpty()) {
      for (String spec : explicit) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
          throw new UserError("--adapters: '" + spec + "' is not lang=DIR");
        }
        String dir = spec.substring(eq + 1);
        adapters.put(
            spec.substring(0, eq), adapter("--adapters: ", dir.endsWith("/") ? dir : dir + "/"));
      }
    } else {
      context.requireUpstream(StageArtifacts.FINETUNE);
      JsonNode tasks =
          Manifest.mapper()
              .readTree(
                  ResourceIO.readString(
                      context
                          .layout()
                          .stageFile(StageArtifacts.FINETUNE, FinetuneStage.TASKS_JSON)));
      String root =
          context.upstreamDirectory(StageArtifacts.FINETUNE) + StageArtifacts.FINETUNE_TASKS + "/";
      for (Iterator<String> it = tasks.fieldNames(); it.hasNext(); ) {
        String id = it.next();
        JsonNode t = tasks.get(id);
        if (t.path("succeeded").asBoolean()
            && t.path("setting").asText().equals(options.getAdapterSetting())
            && t.path("method").asText().equals(options.getAdapterMethod())
            && t.path("seed").asLong() == options.getAdapterSeed()) {
          adapters.put(t.path("lang").asText(), adapter("", root + id + "/"));
        }
      }
      if (adapters.isEmpty()) {
        throw new UserError(
            "the run's finetune stage has no succeeded task "
                + "*/"
                + options.getAdapterSetting()
                + "/"
                + options.getAdapterMethod()
                + "/seed="
                + options.getAdapterSeed()
                + "; choose --adapterSetting/--adapterMethod/--adapterSeed or give --adapters");
      }
    }
    String fallback = options.getFallbackAdapter().isBlank() ? null : options.getFallbackAdapter();
    if (fallback != null && !adapters.containsKey(fallback)) {
      throw new UserError(
          "--fallbackAdapter=" + fallback + " has no adapter; adapters: " + adapters.keySet());
    }
    if (options.getLinesPerBatch() == null || options.getLinesPerBatch() <= 0) {
      throw new UserError("--linesPerBatch must be > 0");
    }
    try {
      return new Plan(
          inputs,
          new PredictSettings(
              adapters,
              fallback,
              tokenizerUri,
              maxLength,
              options.getPredictBatchSize(),
              padId,
              options.getDeterministic()));
    } catch (IllegalArgumentException e) {
      throw new UserError("predict options: " + e.getMessage(), e);
    }
  }

  /** The adapter of a fine-tuning task directory (its result.json names the checkpoint). */
  private static Adapter adapter(String option, String taskDir) throws IOException {
    var file = ResourceIO.file(taskDir + StageArtifacts.FINETUNE_RESULT);
    if (!ResourceIO.exists(file)) {
      throw new UserError(
          option + taskDir + " is not a fine-tuning task directory (no result.json)");
    }
    JsonNode result;
    try {
      result = Manifest.mapper().readTree(ResourceIO.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserError(option + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    String location = result.path("checkpoint").path("location").asText();
    if (location.startsWith(StageArtifacts.FINETUNE_FULL_CHECKPOINT)) {
      return new Adapter(taskDir + location, null);
    }
    return new Adapter(result.path("base").path("location").asText(), taskDir + location);
  }
}
