package dev.primer.pipelines;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.OptionChecks;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.finetune.FinetuneChecks;
import dev.primer.finetune.FinetunePlanner;
import dev.primer.finetune.FinetuneSettings;
import dev.primer.finetune.FinetuneTask;
import dev.primer.io.CommittedStage;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.Manifest;
import dev.primer.io.PathSegments;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.train.TrainingConfig;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.vocab.TokenizerJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * What the finetune stage's plan resolved, once: the tasks to fan out, the languages, settings and
 * seeds they cover, the fine-tuning settings every task shares, and each setting's base checkpoint
 * (location, digests, size) as the manifest records it. {@link #resolve} checks options, upstream
 * outputs ({@code encode}, {@code vocab}, {@code pretrain} or {@code prime}) and base checkpoints
 * and records each base's {@code checkpoint.json} as an input; every problem is a {@link
 * UserError}.
 */
record FinetunePlan(
    List<FinetuneTask> tasks,
    List<String> langs,
    List<String> settingNames,
    List<Long> seeds,
    FinetuneSettings settings,
    Map<String, FinetunePlan.BaseCheckpoint> bases) {

  private static final String TRAIN = "train";
  private static final String DEV = "dev";

  /**
   * A setting's base checkpoint as the manifest records it ({@code counts.baseCheckpoints}).
   *
   * @param location the checkpoint directory
   * @param checkpointJson its {@code checkpoint.json}
   * @param checkpointJsonSha256 that file's SHA-256
   * @param kind the checkpoint kind ({@code base}, ...)
   * @param weightsSha256 SHA-256 of its weights file (null when the manifest lists none)
   * @param vocabSize the model's vocabulary size
   * @param hiddenSize the model's hidden size
   * @param layers the model's encoder layers
   */
  @JsonPropertyOrder({
    "location",
    "checkpointJson",
    "checkpointJsonSha256",
    "kind",
    "weightsSha256",
    "vocabSize",
    "hiddenSize",
    "layers"
  })
  record BaseCheckpoint(
      String location,
      String checkpointJson,
      String checkpointJsonSha256,
      String kind,
      String weightsSha256,
      int vocabSize,
      int hiddenSize,
      int layers) {}

  FinetunePlan {
    tasks = List.copyOf(tasks);
    langs = List.copyOf(langs);
    settingNames = List.copyOf(settingNames);
    seeds = List.copyOf(seeds);
    bases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bases));
  }

  /** The PEFT methods of the tasks, sorted. */
  List<String> methods() {
    Set<String> methods = new TreeSet<>();
    tasks.forEach(t -> methods.add(t.method()));
    return List.copyOf(methods);
  }

  /** Checks options, upstream outputs and base checkpoints; every problem is a UserError. */
  static FinetunePlan resolve(FinetuneOptions options, StageContext context) throws IOException {
    Manifest encode = context.requireUpstream(StageArtifacts.ENCODE);
    context.requireUpstream(StageArtifacts.VOCAB);
    List<String> labels = RunArtifacts.labels(context);
    TokenizerJson tokenizer = RunArtifacts.tokenizer(context);
    int padId = RunArtifacts.padId(context, tokenizer);
    FinetuneChecks.training(
        options.getFewShot(),
        options.getMaxSteps(),
        options.getEvalEvery(),
        options.getPatience(),
        options.getFinetuneEpochs());

    Episodes episodes = episodes(context);
    List<String> langs = targetLangs(options, encode, episodes);
    List<String> settingList = FinetuneChecks.settings(OptionNames.list(options.getSettings()));
    Map<String, BaseCheckpoint> bases = new LinkedHashMap<>();
    Map<String, String> baseBySetting = new LinkedHashMap<>();
    for (String setting : settingList) {
      boolean unprimed =
          setting.equals(FinetunePlanner.FULL) || setting.equals(FinetunePlanner.UNPRIMED);
      FinetuneChecks.setting(setting, !unprimed, langs, episodes.sources());
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
              OptionNames.list(options.getMethods()),
              seeds,
              baseBySetting::get);
    } catch (IllegalArgumentException e) {
      throw new UserError("--methods: " + e.getMessage(), e);
    }
    Set<String> recorded = new TreeSet<>();
    for (BaseCheckpoint base : bases.values()) {
      String json = base.checkpointJson();
      if (recorded.add(json)) {
        context.recordInputFile(ResourceIO.file(json));
      }
    }
    return new FinetunePlan(
        tasks, langs, settingList, seeds, settings(options, context, labels, padId), bases);
  }

  /** The priming and evaluation languages of the episodes stage, when it has run. */
  private record Episodes(Set<String> sources, List<String> targets) {}

  private static Episodes episodes(StageContext context) throws IOException {
    Optional<CommittedStage> committed =
        CommittedStage.read(context.layout(), FinetuneStage.EPISODES);
    if (committed.isEmpty()) {
      return new Episodes(Set.of(), List.of());
    }
    Manifest m = committed.get().manifest();
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
    List<String> langs = OptionNames.list(options.getTargetLangs());
    langs.forEach(lang -> PathSegments.check("--targetLangs", lang));
    if (langs.isEmpty()) {
      langs =
          !episodes.targets().isEmpty()
              ? episodes.targets()
              : usable.stream().filter(l -> !episodes.sources().contains(l)).toList();
    }
    FinetuneChecks.targetLangs(langs, usable);
    return List.copyOf(new java.util.LinkedHashSet<>(langs));
  }

  /** The base checkpoint directory of a setting; UserError naming the stage to run if missing. */
  private static String baseCheckpoint(StageContext context, String setting, boolean unprimed)
      throws IOException {
    String stage = unprimed ? FinetuneStage.PRETRAIN : FinetuneStage.PRIME;
    String relative =
        unprimed ? FinetuneStage.CHECKPOINT : setting + "/" + FinetuneStage.CHECKPOINT;
    context.requireUpstream(stage);
    ResourceId dir = context.upstream(stage).directory(relative);
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
  private static BaseCheckpoint describeBase(
      String setting, String directory, int tokenizerSize, int maxLength) throws IOException {
    ResourceId dir = ResourceIO.directory(directory);
    ResourceId json = ResourceIO.child(dir, CheckpointManifest.FILE);
    CheckpointManifest m;
    try (var in = ResourceIO.open(json)) {
      m = CheckpointManifest.parse(in, json.toString());
    } catch (IllegalArgumentException e) {
      throw new UserError(json + ": " + e.getMessage(), e);
    }
    var weights = m.files().get(m.kind().weightsFile());
    ModelConfig config;
    try {
      config =
          CheckpointReader.readConfig(FileSystemsCheckpointStore.forSpec(directory), m).model();
    } catch (IllegalArgumentException e) {
      throw new UserError(directory + ": " + e.getMessage(), e);
    }
    FinetuneChecks.baseFits(setting, directory, config, tokenizerSize, maxLength);
    return new BaseCheckpoint(
        directory,
        json.toString(),
        ResourceIO.sha256(json),
        m.kind().jsonName(),
        weights == null ? null : weights.sha256(),
        config.vocabSize(),
        config.hiddenSize(),
        config.numHiddenLayers());
  }

  /**
   * The settings every task shares, built here from the options: the core's {@link TrainingConfig}
   * (the PEFT learning rate; tasks set their seed and their method's rate) and the {@link
   * PeftConfig} of every method.
   */
  private static FinetuneSettings settings(
      FinetuneOptions options, StageContext context, List<String> labels, int padId)
      throws IOException {
    return OptionChecks.settings(
        "finetune",
        () -> {
          long evalEvery = options.getEvalEvery();
          TrainingConfig training =
              TrainingConfig.builder()
                  .setEpochs(options.getFinetuneEpochs())
                  .setMaxSteps(options.getMaxSteps())
                  .setBatchSize(options.getFinetuneBatchSize())
                  .setLearningRate(options.getFinetuneLr())
                  .setWarmupRatio(options.getFinetuneWarmupRatio())
                  .setWeightDecay(options.getFinetuneWeightDecay())
                  .setEvalEvery(evalEvery)
                  .setPatience(options.getPatience())
                  .setLogEvery(Math.max(1, evalEvery > 0 ? evalEvery : 50))
                  .setPadId(padId)
                  .setSingleThreaded(options.getDeterministic())
                  .build();
          return FinetuneSettings.builder()
              .runId(context.layout().runId())
              .encodedDirectory(
                  context.upstreamDirectory(StageArtifacts.ENCODE) + StageArtifacts.ENCODED + "/")
              .labels(labels)
              .tasksDirectory(context.outputDirectory(StageArtifacts.FINETUNE_TASKS))
              .fewShot(options.getFewShot())
              .training(training)
              .fullLearningRate(options.getFinetuneFullLr())
              .peft(
                  FinetuneMethod.peftConfigs(
                      options.getReductionFactor(),
                      options.getLoraRank(),
                      options.getPrefixLength()))
              .build();
        });
  }
}
