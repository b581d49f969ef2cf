package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.UserError;
import dev.primer.encode.LabelVocabulary;
import dev.primer.finetune.FineTuneTasks;
import dev.primer.finetune.FinetunePlanner;
import dev.primer.finetune.FinetuneSettings;
import dev.primer.finetune.FinetuneTask;
import dev.primer.finetune.TaskOutcome;
import dev.primer.io.CollectJsonObject;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WriteTextFile;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.weights.ModelConfig;
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
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.fs.ResourceId;
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
final class FinetuneStage implements Stage<FinetuneOptions> {

  /** Upstream stages and directories of the base checkpoints (issue 4 design). */
  static final String PRETRAIN = "pretrain";

  static final String PRIME = "prime";
  static final String EPISODES = "episodes";
  static final String CHECKPOINT = "checkpoint";

  /** {@code finetune/tasks.json}: task id to its outcome. */
  static final String TASKS_JSON = "tasks.json";

  private static final String TRAIN = "train";
  private static final String DEV = "dev";

  @Override
  public String name() {
    return StageArtifacts.FINETUNE;
  }

  @Override
  public String summary() {
    return "per-language PEFT (or full) fine-tuning tasks on the base checkpoints, dev-F1 selected";
  }

  @Override
  public Class<FinetuneOptions> optionsClass() {
    return FinetuneOptions.class;
  }

  /** What plan() resolved. */
  record Plan(
      List<FinetuneTask> tasks,
      List<String> langs,
      List<String> settings,
      List<Long> seeds,
      List<String> labels,
      int padId,
      Map<String, ObjectNode> bases) {}

  @Override
  public void plan(FinetuneOptions options, StageContext context) throws Exception {
    Plan plan = resolve(options, context);
    Set<String> recorded = new TreeSet<>();
    for (ObjectNode base : plan.bases().values()) {
      String json = base.get("checkpointJson").asText();
      if (recorded.add(json)) {
        context.recordInputFile(ResourceIO.file(json));
      }
    }
  }

  @Override
  public void run(FinetuneOptions options, StageContext context) throws Exception {
    Plan plan = resolve(options, context);
    FinetuneSettings settings = settings(options, context, plan);
    String out = context.outputDirectory().toString();

    Pipeline pipeline = PipelineRuns.create(options, name());
    FineTuneTasks.Result result =
        pipeline.apply(
            "FineTuneTasks",
            FineTuneTasks.of(plan.tasks(), settings)
                .writingMetricsTo(context.outputDirectory(StageArtifacts.FINETUNE_METRICS)));
    result.failures().apply("WriteFailedTasks", WriteDeadLetters.to(out));
    result
        .outcomes()
        .apply(
            "OutcomeJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(o -> KV.of(o.task(), outcomeJson(o))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("CollectOutcomes", CollectJsonObject.of())
        .apply("WriteOutcomes", WriteTextFile.to(out, TASKS_JSON));
    PipelineRuns.runToCompletion(pipeline, options);

    JsonNode outcomes =
        Manifest.mapper()
            .readTree(ResourceIO.readString(context.layout().stageFile(name(), TASKS_JSON)));
    record(context, plan, outcomes, options.getAllowFailedTasks());
  }

  /** Checks every planned task has one outcome; fills the manifest; fails on failed tasks. */
  private void record(StageContext context, Plan plan, JsonNode outcomes, boolean allowFailed)
      throws IOException {
    Set<String> planned =
        FanOutOutcomes.requireOnePerTask(
            plan.tasks().stream().map(t -> t.id()).toList(), outcomes, "fine-tuning tasks");
    List<String> failed = new ArrayList<>();
    ObjectNode f1 = JsonNodeFactory.instance.objectNode();
    for (String id : planned) {
      JsonNode o = outcomes.get(id);
      if (o.path("succeeded").asBoolean()) {
        f1.put(id, o.path("devF1").asDouble());
      } else {
        failed.add(id + " (" + o.path("reason").asText() + ")");
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
    counts.set("settings", Manifest.toTree(plan.settings()));
    counts.set("methods", Manifest.toTree(methods(plan)));
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

  private static List<String> methods(Plan plan) {
    Set<String> methods = new TreeSet<>();
    plan.tasks().forEach(t -> methods.add(t.method()));
    return List.copyOf(methods);
  }

  private static String outcomeJson(TaskOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lang", o.lang());
    m.put("setting", o.setting());
    m.put("method", o.method());
    m.put("seed", o.seed());
    m.put("succeeded", o.succeeded());
    if (o.succeeded()) {
      m.put("devF1", o.devF1());
      m.put("steps", o.steps());
    } else {
      m.put("reason", o.reason());
    }
    return CollectJsonObject.toJson(m);
  }

  private static FinetuneSettings settings(
      FinetuneOptions options, StageContext context, Plan plan) {
    try {
      return new FinetuneSettings(
          context.layout().runId(),
          context.upstreamDirectory(StageArtifacts.ENCODE) + StageArtifacts.ENCODED + "/",
          plan.labels(),
          plan.padId(),
          context.outputDirectory(StageArtifacts.FINETUNE_TASKS),
          options.getFewShot(),
          options.getMaxSteps(),
          options.getFinetuneEpochs(),
          options.getEvalEvery(),
          options.getPatience(),
          options.getFinetuneBatchSize(),
          options.getFinetuneLr(),
          options.getFinetuneFullLr(),
          options.getFinetuneWarmupRatio(),
          options.getFinetuneWeightDecay(),
          options.getReductionFactor(),
          options.getLoraRank(),
          options.getPrefixLength(),
          options.getDeterministic());
    } catch (IllegalArgumentException e) {
      throw new UserError("finetune options: " + e.getMessage(), e);
    }
  }

  /** Checks options, upstream outputs and base checkpoints; every problem is a UserError. */
  private static Plan resolve(FinetuneOptions options, StageContext context) throws IOException {
    Manifest encode = context.requireUpstream(StageArtifacts.ENCODE);
    context.requireUpstream(StageArtifacts.VOCAB);
    List<String> labels =
        LabelVocabulary.fromJson(
                ResourceIO.readString(
                    context.layout().stageFile(StageArtifacts.ENCODE, StageArtifacts.LABELS)))
            .labels();
    TokenizerJson tokenizer =
        TokenizerJson.parse(
            ResourceIO.readString(
                context.layout().stageFile(StageArtifacts.VOCAB, StageArtifacts.TOKENIZER)));
    Integer padId = tokenizer.vocab().get(SpecialTokens.PAD);
    if (padId == null) {
      throw new UserError("vocab/tokenizer.json has no " + SpecialTokens.PAD + " token");
    }
    requireNonNegative("--fewShot", options.getFewShot());
    requireNonNegative("--maxSteps", options.getMaxSteps());
    requireNonNegative("--evalEvery", options.getEvalEvery());
    requireNonNegative("--patience", options.getPatience());
    if (options.getMaxSteps() == 0 && options.getFinetuneEpochs() <= 0) {
      throw new UserError("--maxSteps=0 trains --finetuneEpochs passes, which must be > 0");
    }

    Episodes episodes = episodes(context);
    List<String> langs = targetLangs(options, encode, episodes);
    List<String> settingList = FinetunePlanner.list(options.getSettings());
    if (settingList.isEmpty()) {
      throw new UserError("--settings names no setting (e.g. --settings=full,unprimed,primed)");
    }
    Map<String, ObjectNode> bases = new LinkedHashMap<>();
    Map<String, String> baseBySetting = new LinkedHashMap<>();
    for (String setting : settingList) {
      if (setting.contains("/") || setting.startsWith(".")) {
        throw new UserError("--settings: '" + setting + "' is not a setting name");
      }
      boolean unprimed =
          setting.equals(FinetunePlanner.FULL) || setting.equals(FinetunePlanner.UNPRIMED);
      if (!unprimed) {
        List<String> leaked = langs.stream().filter(episodes.sources()::contains).toList();
        if (!leaked.isEmpty()) {
          throw new UserError(
              "--targetLangs "
                  + String.join(", ", leaked)
                  + (leaked.size() == 1 ? " is a" : " are")
                  + " priming source language"
                  + (leaked.size() == 1 ? "" : "s")
                  + " of the episodes stage: the primed setting '"
                  + setting
                  + "' would be evaluated on a language it was primed on");
        }
      }
      String directory = baseCheckpoint(context, setting, unprimed);
      baseBySetting.put(setting, directory);
      bases.put(
          setting,
          describeBase(
              setting, directory, tokenizer.size(), encode.options.path("maxLength").asInt(0)));
    }
    List<Long> seeds;
    try {
      seeds = FinetunePlanner.seeds(options.getSeeds());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    List<FinetuneTask> tasks;
    try {
      tasks =
          FinetunePlanner.plan(
              langs,
              settingList,
              FinetunePlanner.list(options.getMethods()),
              seeds,
              baseBySetting::get);
    } catch (IllegalArgumentException e) {
      throw new UserError("--methods: " + e.getMessage(), e);
    }
    return new Plan(tasks, langs, settingList, seeds, labels, padId, bases);
  }

  /** The priming and evaluation languages of the episodes stage, when it has run. */
  private record Episodes(Set<String> sources, List<String> targets) {}

  private static Episodes episodes(StageContext context) throws IOException {
    ResourceId manifest = context.layout().manifest(EPISODES);
    if (!ResourceIO.exists(manifest)) {
      return new Episodes(Set.of(), List.of());
    }
    Manifest m = Manifest.fromJson(ResourceIO.readString(manifest));
    Set<String> sources = new TreeSet<>();
    m.counts.path("sourceLangs").forEach(l -> sources.add(l.asText()));
    List<String> targets = new ArrayList<>();
    m.counts.path("targetLangs").forEach(l -> targets.add(l.asText()));
    return new Episodes(sources, targets);
  }

  private static List<String> targetLangs(
      FinetuneOptions options, Manifest encode, Episodes episodes) {
    JsonNode byLanguage = encode.counts.path("languages");
    Map<String, long[]> sizes = new TreeMap<>();
    for (Iterator<String> it = byLanguage.fieldNames(); it.hasNext(); ) {
      String lang = it.next();
      JsonNode l = byLanguage.path(lang);
      sizes.put(
          lang,
          new long[] {
            l.path(TRAIN).path("sentences").asLong(0), l.path(DEV).path("sentences").asLong(0)
          });
    }
    List<String> usable =
        sizes.entrySet().stream()
            .filter(e -> e.getValue()[0] > 0 && e.getValue()[1] > 0)
            .map(Map.Entry::getKey)
            .toList();
    List<String> langs = FinetunePlanner.list(options.getTargetLangs());
    if (langs.isEmpty()) {
      langs =
          !episodes.targets().isEmpty()
              ? episodes.targets()
              : usable.stream().filter(l -> !episodes.sources().contains(l)).toList();
    }
    if (langs.isEmpty()) {
      throw new UserError(
          "no target language: the encode output has no language with train and dev sentences"
              + " outside the priming languages; name them with --targetLangs");
    }
    List<String> unusable = langs.stream().filter(l -> !usable.contains(l)).toList();
    if (!unusable.isEmpty()) {
      throw new UserError(
          "--targetLangs "
              + String.join(", ", unusable)
              + ": fine-tuning needs train and dev sentences in the encode output, which has them"
              + " for "
              + (usable.isEmpty() ? "no language" : String.join(", ", usable)));
    }
    return List.copyOf(new java.util.LinkedHashSet<>(langs));
  }

  /** The base checkpoint directory of a setting; UserError naming the stage to run if missing. */
  private static String baseCheckpoint(StageContext context, String setting, boolean unprimed)
      throws IOException {
    String stage = unprimed ? PRETRAIN : PRIME;
    String relative = unprimed ? CHECKPOINT : setting + "/" + CHECKPOINT;
    context.requireUpstream(stage);
    ResourceId dir = context.layout().stageSubdirectory(stage, relative);
    if (!ResourceIO.exists(ResourceIO.child(dir, CheckpointManifest.FILE))) {
      throw new UserError(
          "setting '"
              + setting
              + "' fine-tunes "
              + dir
              + ", which holds no complete checkpoint (no "
              + CheckpointManifest.FILE
              + "): "
              + (unprimed
                  ? "rerun './primer pretrain'"
                  : "run './primer prime --primeVariants="
                      + setting
                      + " ...' (its priming variant)")
              + " for run '"
              + context.layout().runId()
              + "'");
    }
    return dir.toString();
  }

  /**
   * Location, digests and size of a base checkpoint, for the manifest; UserError when it cannot
   * read the run's inputs (vocabulary or positions too small).
   */
  private static ObjectNode describeBase(
      String setting, String directory, int tokenizerSize, int maxLength) throws IOException {
    ResourceId dir = ResourceIO.directory(directory);
    ResourceId json = ResourceIO.child(dir, CheckpointManifest.FILE);
    CheckpointManifest m;
    try (var in = ResourceIO.open(json)) {
      m = CheckpointManifest.parse(in, json.toString());
    } catch (IllegalArgumentException e) {
      throw new UserError(json + ": " + e.getMessage(), e);
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("location", directory);
    node.put("checkpointJson", json.toString());
    node.put("checkpointJsonSha256", ResourceIO.sha256(json));
    node.put("kind", m.kind().jsonName());
    var weights = m.files().get(m.kind().weightsFile());
    node.put("weightsSha256", weights == null ? null : weights.sha256());
    ModelConfig config;
    try {
      config =
          CheckpointReader.readConfig(FileSystemsCheckpointStore.forSpec(directory), m).model();
    } catch (IllegalArgumentException e) {
      throw new UserError(directory + ": " + e.getMessage(), e);
    }
    int positions = config.maxPositionEmbeddings() - config.positionOffset();
    if (config.vocabSize() < tokenizerSize || (maxLength > 0 && positions < maxLength)) {
      throw new UserError(
          "setting '"
              + setting
              + "': the base checkpoint "
              + directory
              + " has a vocabulary of "
              + config.vocabSize()
              + " and "
              + positions
              + " positions, but the run's tokenizer has "
              + tokenizerSize
              + " pieces and encode windows are up to "
              + maxLength
              + " subwords: make the base from this run's vocabulary (./primer pretrain)");
    }
    node.put("vocabSize", config.vocabSize());
    node.put("hiddenSize", config.hiddenSize());
    node.put("layers", config.numHiddenLayers());
    return node;
  }

  private static void requireNonNegative(String flag, Integer value) {
    if (value == null || value < 0) {
      throw new UserError(flag + " must be >= 0, got " + value);
    }
  }
}
