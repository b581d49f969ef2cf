package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.UserError;
import dev.primer.evaluate.EvaluateFn;
import dev.primer.evaluate.EvaluateSettings;
import dev.primer.evaluate.EvaluateTasks;
import dev.primer.evaluate.EvaluationTask;
import dev.primer.finetune.FinetunePlanner;
import dev.primer.io.CollectJsonObject;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WriteTextFile;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.vocab.SpecialTokens;
import dev.primer.vocab.TokenizerJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.fs.MatchResult;
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
final class EvaluateStage implements Stage<EvaluateOptions> {

  /** {@code evaluate/evaluations.json}: evaluation id to micro F1 (null when it failed). */
  static final String EVALUATIONS_JSON = "evaluations.json";

  private static final Pattern LANG_SPLIT = Pattern.compile(".*/lang=([^/]+)/split=([^/]+)/[^/]*$");

  @Override
  public String name() {
    return StageArtifacts.EVALUATE;
  }

  @Override
  public String summary() {
    return "scores fine-tuned (or given) checkpoints on encoded corpora of any split";
  }

  @Override
  public Class<EvaluateOptions> optionsClass() {
    return EvaluateOptions.class;
  }

  /** A corpus to score: name, encoded directory, staged sentences directory (or null). */
  record Corpus(String name, String encoded, String sentences, String labels) {}

  /** A model to score. */
  record Model(
      String id, String lang, String setting, String method, long seed, String base, String peft) {}

  record Plan(List<EvaluationTask> tasks, List<Corpus> corpora, List<Model> models, int padId) {}

  @Override
  public void plan(EvaluateOptions options, StageContext context) throws Exception {
    Plan plan = resolve(options, context);
    Set<String> recorded = new TreeSet<>();
    for (Model m : plan.models()) {
      for (String dir : m.peft() == null ? List.of(m.base()) : List.of(m.base(), m.peft())) {
        if (recorded.add(dir)) {
          context.recordInputFile(ResourceIO.file(dir + CheckpointManifest.FILE));
        }
      }
    }
    for (Corpus c : plan.corpora()) {
      context.recordInputFile(ResourceIO.file(c.labels()));
      if (!c.name().equals(EvaluationTask.RUN_CORPUS)) {
        // Another run's corpus: its files are inputs (the run's own is covered by encode's
        // manifest).
        context.recordInputFiles(List.of(StageArtifacts.allPartitions(c.encoded())));
      }
    }
  }

  @Override
  public void run(EvaluateOptions options, StageContext context) throws Exception {
    Plan plan = resolve(options, context);
    EvaluateSettings settings;
    try {
      settings =
          new EvaluateSettings(
              context.layout().runId(),
              plan.padId(),
              options.getEvalBatchSize(),
              options.getErrorSamples(),
              context.outputDirectory(StageArtifacts.EVALUATE_RESULTS),
              options.getDeterministic());
    } catch (IllegalArgumentException e) {
      throw new UserError("evaluate options: " + e.getMessage(), e);
    }
    String out = context.outputDirectory().toString();
    Pipeline pipeline = PipelineRuns.create(options, name());
    var result =
        pipeline.apply(
            "EvaluateTasks",
            EvaluateTasks.of(
                plan.tasks(), settings, context.outputDirectory(StageArtifacts.EVALUATE_METRICS)));
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
                                kv.getValue().isNaN() ? "null" : kv.getValue().toString())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    outcomes
        .apply("CollectOutcomes", CollectJsonObject.of())
        .apply("WriteOutcomes", WriteTextFile.to(out, EVALUATIONS_JSON));
    PipelineRuns.runToCompletion(pipeline, options);

    JsonNode f1 =
        Manifest.mapper()
            .readTree(ResourceIO.readString(context.layout().stageFile(name(), EVALUATIONS_JSON)));
    record(context, plan, f1, options.getAllowFailedEvaluations());
  }

  private void record(StageContext context, Plan plan, JsonNode f1, boolean allowFailed)
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
    plan.corpora().forEach(c -> corpora.put(c.name(), c.encoded()));
    counts.set("corpora", Manifest.toTree(corpora));
    counts.set("models", Manifest.toTree(plan.models().stream().map(Model::id).toList()));
    Map<String, String> outputs = context.manifest().outputs;
    outputs.put("metrics", StageArtifacts.EVALUATE_METRICS + "/part-*.avro");
    outputs.put(
        "results",
        StageArtifacts.EVALUATE_RESULTS
            + "/<model>/<corpus>-<split>.json (explicit checkpoint: <model>/<lang>/...)");
    outputs.put("evaluations", EVALUATIONS_JSON);
    outputs.put("deadLetters", StageArtifacts.DEAD_LETTERS + ".jsonl");
  }

  /** Checks options, corpora and models; every problem is a UserError. */
  Plan resolve(EvaluateOptions options, StageContext context) throws IOException {
    context.requireUpstream(StageArtifacts.VOCAB);
    TokenizerJson tokenizer =
        TokenizerJson.parse(
            ResourceIO.readString(
                context.layout().stageFile(StageArtifacts.VOCAB, StageArtifacts.TOKENIZER)));
    Integer padId = tokenizer.vocab().get(SpecialTokens.PAD);
    if (padId == null) {
      throw new UserError("vocab/tokenizer.json has no " + SpecialTokens.PAD + " token");
    }
    List<String> splits = FinetunePlanner.list(options.getEvalSplits());
    if (splits.isEmpty()) {
      throw new UserError("--evalSplits names no split (e.g. --evalSplits=dev,test)");
    }
    if (options.getEvalBatchSize() == null || options.getEvalBatchSize() <= 0) {
      throw new UserError("--evalBatchSize must be > 0, got " + options.getEvalBatchSize());
    }
    if (options.getErrorSamples() == null || options.getErrorSamples() < 0) {
      throw new UserError("--errorSamples must be >= 0, got " + options.getErrorSamples());
    }
    List<Corpus> corpora = corpora(options, context);
    List<Model> models = models(options, context);
    Set<String> langFilter = new TreeSet<>(FinetunePlanner.list(options.getEvalLangs()));

    List<EvaluationTask> tasks = new ArrayList<>();
    for (Corpus corpus : corpora) {
      Map<String, Set<String>> available = partitions(corpus.encoded());
      for (String split : splits) {
        Set<String> langs = available.getOrDefault(split, Set.of());
        for (Model m : models) {
          List<String> targets = m.lang() == null ? List.copyOf(langs) : List.of(m.lang());
          for (String lang : targets) {
            if (!langs.contains(lang) || (!langFilter.isEmpty() && !langFilter.contains(lang))) {
              continue;
            }
            tasks.add(
                new EvaluationTask(
                    m.id(),
                    lang,
                    m.setting(),
                    m.method(),
                    m.seed(),
                    m.base(),
                    m.peft(),
                    corpus.name(),
                    corpus.encoded(),
                    corpus.sentences(),
                    split));
          }
        }
      }
    }
    if (tasks.isEmpty()) {
      throw new UserError(
          "nothing to evaluate: no corpus ("
              + String.join(", ", corpora.stream().map(Corpus::name).toList())
              + ") has a "
              + String.join("/", splits)
              + " split in a language of the "
              + models.size()
              + " model(s)"
              + (langFilter.isEmpty() ? "" : " among --evalLangs=" + String.join(",", langFilter)));
    }
    return new Plan(tasks, corpora, models, padId);
  }

  private static List<Corpus> corpora(EvaluateOptions options, StageContext context)
      throws IOException {
    List<Corpus> corpora = new ArrayList<>();
    if (options.getRunCorpus()) {
      context.requireUpstream(StageArtifacts.ENCODE);
      corpora.add(
          corpus(EvaluationTask.RUN_CORPUS, context.upstreamDirectory(StageArtifacts.ENCODE)));
    }
    for (String spec : FinetunePlanner.list(options.getCorpora())) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new UserError(
            "--corpora: '" + spec + "' is not NAME=PATH (PATH: an encode stage directory)");
      }
      String name = spec.substring(0, eq);
      if (name.contains("/") || name.contains("@") || name.equals(EvaluationTask.RUN_CORPUS)) {
        throw new UserError("--corpora: '" + name + "' cannot name a corpus");
      }
      if (corpora.stream().anyMatch(c -> c.name().equals(name))) {
        throw new UserError("--corpora: corpus name '" + name + "' is given twice");
      }
      corpora.add(corpus(name, spec.substring(eq + 1)));
    }
    if (corpora.isEmpty()) {
      throw new UserError("no corpus: --runCorpus=false and no --corpora=NAME=PATH");
    }
    return corpora;
  }

  /**
   * A corpus from an encode stage directory; staged sentences looked for at ../stage/sentences/.
   */
  private static Corpus corpus(String name, String encodeDirectory) throws IOException {
    String dir = encodeDirectory.endsWith("/") ? encodeDirectory : encodeDirectory + "/";
    String labels = dir + StageArtifacts.LABELS;
    if (!ResourceIO.exists(ResourceIO.file(labels))) {
      throw new UserError(
          "corpus '"
              + name
              + "': "
              + labels
              + " does not exist; give an encode stage directory (holding encoded/ and"
              + " labels.json)");
    }
    String encoded = dir + StageArtifacts.ENCODED + "/";
    String trimmed = dir.substring(0, dir.length() - 1);
    String run = trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
    String sentences = run + StageArtifacts.STAGE + "/" + StageArtifacts.SENTENCES + "/";
    boolean staged = !ResourceIO.list(StageArtifacts.allPartitions(sentences)).isEmpty();
    return new Corpus(name, encoded, staged ? sentences : null, labels);
  }

  /** split -> languages with encoded partitions. */
  private static Map<String, Set<String>> partitions(String encoded) throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    for (MatchResult.Metadata f : ResourceIO.list(StageArtifacts.allPartitions(encoded))) {
      Matcher m = LANG_SPLIT.matcher(f.resourceId().toString());
      if (m.matches()) {
        out.computeIfAbsent(m.group(2), k -> new TreeSet<>()).add(m.group(1));
      }
    }
    return out;
  }

  private static List<Model> models(EvaluateOptions options, StageContext context)
      throws IOException {
    if (!options.getCheckpoint().isBlank()) {
      String dir = options.getCheckpoint().trim();
      dir = dir.endsWith("/") ? dir : dir + "/";
      InputChecks.checkpoint("--checkpoint", dir);
      return List.of(
          new Model(EvaluationTask.CHECKPOINT, null, "checkpoint", "full", 0, dir, null));
    }
    context.requireUpstream(StageArtifacts.FINETUNE);
    JsonNode tasks =
        Manifest.mapper()
            .readTree(
                ResourceIO.readString(
                    context.layout().stageFile(StageArtifacts.FINETUNE, FinetuneStage.TASKS_JSON)));
    Set<String> settings = new TreeSet<>(FinetunePlanner.list(options.getEvalSettings()));
    Set<String> methods = new TreeSet<>(FinetunePlanner.list(options.getEvalMethods()));
    Set<Long> seeds = new TreeSet<>();
    for (String s : FinetunePlanner.list(options.getEvalSeeds())) {
      try {
        seeds.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new UserError("--evalSeeds: '" + s + "' is not a seed (a comma list of integers)", e);
      }
    }
    String taskRoot =
        context.upstreamDirectory(StageArtifacts.FINETUNE) + StageArtifacts.FINETUNE_TASKS + "/";
    List<Model> models = new ArrayList<>();
    for (Iterator<String> it = tasks.fieldNames(); it.hasNext(); ) {
      String id = it.next();
      JsonNode t = tasks.get(id);
      String setting = t.path("setting").asText();
      String method = t.path("method").asText();
      long seed = t.path("seed").asLong();
      if (!t.path("succeeded").asBoolean()
          || (!settings.isEmpty() && !settings.contains(setting))
          || (!methods.isEmpty() && !methods.contains(method))
          || (!seeds.isEmpty() && !seeds.contains(seed))) {
        continue;
      }
      String dir = taskRoot + id + "/";
      JsonNode result =
          Manifest.mapper()
              .readTree(
                  ResourceIO.readString(ResourceIO.file(dir + StageArtifacts.FINETUNE_RESULT)));
      String location = result.path("checkpoint").path("location").asText();
      String checkpoint = dir + location;
      boolean full = location.startsWith(StageArtifacts.FINETUNE_FULL_CHECKPOINT);
      String base = full ? checkpoint : result.path("base").path("location").asText();
      models.add(
          new Model(
              id, t.path("lang").asText(), setting, method, seed, base, full ? null : checkpoint));
    }
    if (models.isEmpty()) {
      throw new UserError(
          "no fine-tuned model of run '"
              + context.layout().runId()
              + "' matches --evalSettings/--evalMethods/--evalSeeds (finetune/tasks.json lists "
              + tasks.size()
              + " tasks); or score an explicit --checkpoint");
    }
    return models;
  }
}
