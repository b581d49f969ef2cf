package dev.primer.pipelines;

import dev.primer.OptionChecks;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.evaluate.EvaluateChecks;
import dev.primer.evaluate.EvaluateSettings;
import dev.primer.evaluate.EvaluationTask;
import dev.primer.finetune.TaskEntry;
import dev.primer.finetune.TaskResultLocations;
import dev.primer.io.CommittedStage;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.checkpoint.CheckpointManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * What the evaluate stage's plan resolved, once: the evaluations to run (model x corpus x split x
 * language), the corpora and models they cover, and the settings every evaluation shares. {@link
 * #resolve} checks options, corpora ({@code --corpora}, the run's encode output) and models (the
 * run's {@code finetune/tasks.json} and each task's {@code result.json}, or {@code --checkpoint})
 * and records every checkpoint's {@code checkpoint.json} and corpus label file as inputs; every
 * problem is a {@link UserError}.
 */
record EvaluatePlan(
    List<EvaluationTask> tasks,
    List<EvaluatePlan.Corpus> corpora,
    List<EvaluatePlan.Model> models,
    EvaluateSettings settings) {

  private static final Pattern LANG_SPLIT = Pattern.compile(".*/lang=([^/]+)/split=([^/]+)/[^/]*$");

  EvaluatePlan {
    tasks = List.copyOf(tasks);
    corpora = List.copyOf(corpora);
    models = List.copyOf(models);
  }

  /** A corpus to score: name, encoded directory, staged sentences directory (or null). */
  record Corpus(String name, String encoded, String sentences, String labels) {}

  /** A model to score. */
  record Model(
      String id, String lang, String setting, String method, long seed, String base, String peft) {}

  record Plan(List<EvaluationTask> tasks, List<Corpus> corpora, List<Model> models, int padId) {}

  /** How many directories above a user's path are searched for a stage's manifest. */
  static final int USER_PATH_DEPTH = 10;

  /** Checks options, corpora and models; every problem is a UserError. */
  static EvaluatePlan resolve(EvaluateOptions options, StageContext context) throws IOException {
    context.requireUpstream(StageArtifacts.VOCAB);
    int padId = RunArtifacts.padId(context, RunArtifacts.tokenizer(context));
    List<String> splits = EvaluateChecks.splits(OptionNames.list(options.getEvalSplits()));
    EvaluateChecks.sizes(options.getEvalBatchSize(), options.getErrorSamples());
    List<Corpus> corpora = corpora(options, context);
    List<Model> models = models(options, context);
    Set<String> langFilter = new TreeSet<>(OptionNames.list(options.getEvalLangs()));

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
    Set<String> recorded = new TreeSet<>();
    for (Model m : models) {
      for (String dir : m.peft() == null ? List.of(m.base()) : List.of(m.base(), m.peft())) {
        if (recorded.add(dir)) {
          context.recordInputFile(ResourceIO.file(dir + CheckpointManifest.FILE));
        }
      }
    }
    for (Corpus c : corpora) {
      context.recordInputFile(ResourceIO.file(c.labels()));
      if (!c.name().equals(EvaluationTask.RUN_CORPUS)) {
        // Another run's corpus: its files are inputs (the run's own is covered by encode's
        // manifest).
        context.recordInputFiles(List.of(StageArtifacts.allPartitions(c.encoded())));
      }
    }
    EvaluateSettings settings =
        OptionChecks.settings(
            "evaluate",
            () ->
                new EvaluateSettings(
                    context.layout().runId(),
                    options.getEvalBatchSize(),
                    context.outputDirectory(StageArtifacts.EVALUATE_RESULTS),
                    options.getErrorSamples(),
                    options.getDeterministic(),
                    padId));
    return new EvaluatePlan(tasks, corpora, models, settings);
  }

  private static List<Corpus> corpora(EvaluateOptions options, StageContext context)
      throws IOException {
    List<Corpus> corpora = new ArrayList<>();
    if (options.getRunCorpus()) {
      context.requireUpstream(StageArtifacts.ENCODE);
      corpora.add(
          corpus(
              EvaluationTask.RUN_CORPUS,
              context.upstream(StageArtifacts.ENCODE).stageDirectory().toString()));
    }
    for (String spec : OptionNames.list(options.getCorpora())) {
      Map.Entry<String, String> named =
          EvaluateChecks.corpus(spec, corpora.stream().map(Corpus::name).toList());
      corpora.add(corpus(named.getKey(), named.getValue()));
    }
    if (corpora.isEmpty()) {
      throw new UserError("no corpus: --runCorpus=false and no --corpora=NAME=PATH");
    }
    return corpora;
  }

  /**
   * A corpus from an encode stage directory (read through its committed manifest; a directory
   * without one is taken as the output itself); staged sentences looked for in the committed output
   * of the {@code stage} stage beside it ({@code ../stage/}).
   */
  private static Corpus corpus(String name, String encodeDirectory) throws IOException {
    String given = encodeDirectory.endsWith("/") ? encodeDirectory : encodeDirectory + "/";
    String dir = committedOutput(StageArtifacts.ENCODE, given);
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
    String trimmed = given.substring(0, given.length() - 1);
    String run = trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
    String sentences =
        committedOutput(StageArtifacts.STAGE, run + StageArtifacts.STAGE + "/")
            + StageArtifacts.SENTENCES
            + "/";
    boolean staged = !ResourceIO.list(StageArtifacts.allPartitions(sentences)).isEmpty();
    return new Corpus(name, encoded, staged ? sentences : null, labels);
  }

  /** The committed output of a stage directory, or the directory itself when it has no manifest. */
  private static String committedOutput(String stage, String directory) throws IOException {
    return CommittedStage.read(stage, ResourceIO.directory(directory))
        .map(c -> c.outputDirectory().toString())
        .orElse(directory);
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
      String dir = CommittedStage.resolveUserPath(options.getCheckpoint().trim(), USER_PATH_DEPTH);
      dir = dir.endsWith("/") ? dir : dir + "/";
      InputChecks.checkpoint("--checkpoint", dir);
      return List.of(
          new Model(EvaluationTask.CHECKPOINT, null, "checkpoint", "full", 0, dir, null));
    }
    context.requireUpstream(StageArtifacts.FINETUNE);
    Map<String, TaskEntry> tasks = RunArtifacts.finetuneTasks(context);
    Set<String> settings = new TreeSet<>(OptionNames.list(options.getEvalSettings()));
    Set<String> methods = new TreeSet<>(OptionNames.list(options.getEvalMethods()));
    Set<Long> seeds = EvaluateChecks.seeds(OptionNames.list(options.getEvalSeeds()));
    String taskRoot =
        context.upstreamDirectory(StageArtifacts.FINETUNE) + StageArtifacts.FINETUNE_TASKS + "/";
    List<Model> models = new ArrayList<>();
    for (Map.Entry<String, TaskEntry> task : tasks.entrySet()) {
      String id = task.getKey();
      TaskEntry t = task.getValue();
      String setting = t.setting();
      String method = t.method();
      long seed = t.seed();
      if (!t.succeeded()
          || (!settings.isEmpty() && !settings.contains(setting))
          || (!methods.isEmpty() && !methods.contains(method))
          || (!seeds.isEmpty() && !seeds.contains(seed))) {
        continue;
      }
      String dir = taskRoot + id + "/";
      TaskResultLocations result = RunArtifacts.taskResult(dir);
      String checkpoint = dir + result.checkpointLocation();
      boolean full = result.full();
      String base = full ? checkpoint : result.baseLocation();
      models.add(new Model(id, t.lang(), setting, method, seed, base, full ? null : checkpoint));
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
