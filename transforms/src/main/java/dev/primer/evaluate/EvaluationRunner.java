package dev.primer.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.encode.LabelVocabulary;
import dev.primer.finetune.EncodedData;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.train.Determinism;
import dev.primer.learn.train.TaggerTrainer;
import dev.primer.learn.train.TaggingEvaluation;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Metric;
import dev.primer.schemas.Sentence;
import dev.primer.seqeval.NerReport;
import dev.primer.seqeval.PrfScore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Runs one {@link EvaluationTask} without Beam: reads the corpus's windows of the language and
 * split, tags them with the (cached) model in batches exactly as {@code finetune} scores its dev
 * set, scores them ({@link EvaluationScores}), writes {@code results/<model>/<corpus>-<split>.json}
 * atomically and returns the Metric records.
 */
public final class EvaluationRunner {

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * What an evaluation produced.
   *
   * @param scores the scores
   * @param metrics its Metric records
   * @param result the content of its JSON result
   */
  public record Result(
      EvaluationScores.Scores scores, List<Metric> metrics, EvaluationResultJson result) {}

  private final EvaluateSettings settings;

  /** A runner with these settings. */
  public EvaluationRunner(EvaluateSettings settings) {
    this.settings = settings;
  }

  /**
   * Runs the evaluation.
   *
   * @throws IOException when reading or writing fails
   * @throws IllegalArgumentException when the corpus has no windows or labels the model lacks
   */
  public Result run(EvaluationTask task) throws IOException {
    List<EncodedSentence> windows =
        EncodedData.read(task.encodedDirectory(), task.lang(), task.split());
    if (windows.isEmpty()) {
      throw new IllegalArgumentException(
          "corpus "
              + task.corpus()
              + " has no "
              + task.split()
              + " windows of language "
              + task.lang()
              + " in "
              + task.encodedDirectory());
    }
    List<String> corpusLabels = corpusLabels(task.encodedDirectory());
    Map<String, List<String>> words = words(task);
    if (settings.deterministic()) {
      Determinism.singleThreaded();
    }
    return ModelCache.use(
        task.baseCheckpoint(),
        task.peftCheckpoint(),
        loaded -> {
          List<String> modelLabels = loaded.labels();
          List<EncodedSentence> input = remap(windows, corpusLabels, modelLabels, task);
          long start = System.nanoTime();
          TaggingEvaluation e =
              TaggerTrainer.evaluate(
                  loaded.model(), input, (g, p) -> 0, settings.batchSize(), settings.padId());
          double seconds = (System.nanoTime() - start) / 1e9;
          EvaluationScores.Scores scores =
              EvaluationScores.ofWindows(
                  input,
                  e.gold(),
                  e.predicted(),
                  modelLabels,
                  modelLabels,
                  words,
                  settings.maxErrors());
          EvaluationResultJson result =
              EvaluationResultJson.of(
                  settings.runId(),
                  task,
                  loaded.manifest().kind().jsonName(),
                  loaded.labels(),
                  windows.size(),
                  scores,
                  e.loss(),
                  seconds);
          ResourceIO.writeStringAtomically(
              ResourceIO.file(settings.resultsDirectory() + task.resultPath()),
              JSON.writeValueAsString(result));
          return new Result(scores, metrics(task, scores, e.loss(), windows.size()), result);
        });
  }

  /** The label list of an encoded corpus: {@code labels.json} beside its {@code encoded/}. */
  static List<String> corpusLabels(String encodedDirectory) throws IOException {
    String dir = encodedDirectory.substring(0, encodedDirectory.length() - 1);
    String parent = dir.substring(0, dir.lastIndexOf('/') + 1);
    return LabelVocabulary.fromJson(
            ResourceIO.readString(ResourceIO.file(parent + StageArtifacts.LABELS)))
        .labels();
  }

  /** Gold label ids re-indexed into the model's label list (the same list: no copy). */
  private static List<EncodedSentence> remap(
      List<EncodedSentence> windows,
      List<String> corpusLabels,
      List<String> modelLabels,
      EvaluationTask task) {
    if (corpusLabels.equals(modelLabels)) {
      return windows;
    }
    int[] map = new int[corpusLabels.size()];
    for (int i = 0; i < map.length; i++) {
      map[i] = modelLabels.indexOf(corpusLabels.get(i));
    }
    List<EncodedSentence> out = new ArrayList<>(windows.size());
    for (EncodedSentence w : windows) {
      List<Integer> ids = new ArrayList<>(w.getLabelIds().size());
      for (int id : w.getLabelIds()) {
        if (id < 0) {
          ids.add(id);
        } else if (id >= map.length || map[id] < 0) {
          throw new IllegalArgumentException(
              "corpus "
                  + task.corpus()
                  + " uses label "
                  + (id < corpusLabels.size() ? corpusLabels.get(id) : "#" + id)
                  + ", which the model (labels "
                  + modelLabels
                  + ") cannot predict");
        } else {
          ids.add(map[id]);
        }
      }
      out.add(EncodedSentence.newBuilder(w).setLabelIds(ids).build());
    }
    return out;
  }

  /** Words by sentence id from the staged sentences, when the task names them and they exist. */
  private static Map<String, List<String>> words(EvaluationTask task) throws IOException {
    Map<String, List<String>> out = new HashMap<>();
    if (task.sentencesDirectory() == null) {
      return out;
    }
    String glob = StageArtifacts.partitions(task.sentencesDirectory(), task.lang(), task.split());
    for (MatchResult.Metadata file : ResourceIO.list(glob)) {
      try (InputStream in = ResourceIO.open(file.resourceId());
          DataFileStream<Sentence> records =
              new DataFileStream<>(in, new SpecificDatumReader<>(Sentence.class))) {
        for (Sentence s : records) {
          out.put(s.getId(), List.copyOf(s.getTokens()));
        }
      }
    }
    return out;
  }

  private List<Metric> metrics(
      EvaluationTask task, EvaluationScores.Scores scores, double loss, int windows) {
    List<Metric> out = new ArrayList<>();
    NerReport r = scores.report();
    add(out, task, "f1", r.micro().f1());
    add(out, task, "precision", r.micro().precision());
    add(out, task, "recall", r.micro().recall());
    add(out, task, "support", r.micro().support());
    for (Map.Entry<String, PrfScore> e : r.perType().entrySet()) {
      add(out, task, "f1/" + e.getKey(), e.getValue().f1());
      add(out, task, "precision/" + e.getKey(), e.getValue().precision());
      add(out, task, "recall/" + e.getKey(), e.getValue().recall());
      add(out, task, "support/" + e.getKey(), e.getValue().support());
    }
    add(out, task, "loss", loss);
    add(out, task, "token_accuracy", r.tokenAccuracy());
    add(out, task, "false_positives", scores.falsePositives());
    add(out, task, "false_negatives", scores.falseNegatives());
    add(out, task, "sentences", r.sentences());
    add(out, task, "windows", windows);
    return out;
  }

  private void add(List<Metric> out, EvaluationTask task, String name, double value) {
    out.add(
        Metric.newBuilder()
            .setRunId(settings.runId())
            .setStage(StageArtifacts.EVALUATE)
            .setTask(task.metricTask())
            .setSetting(task.setting())
            .setMethod(task.method())
            .setLang(task.lang())
            .setSeed(task.seed())
            .setSplit(task.split())
            .setStep(-1)
            .setName(name)
            .setValue(value)
            .setTimeMillis(System.currentTimeMillis())
            .build());
  }
}
