package dev.primer.evaluate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.primer.seqeval.EntityConfusion;
import dev.primer.seqeval.NerReport;
import dev.primer.seqeval.PrfScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of an evaluation's {@code evaluate/results/<model>/<corpus>-<split>.json}, bound by
 * the shared mapper ({@code dev.primer.Json}); fields in the order the file has always had.
 *
 * @param runId the run
 * @param model the model's id
 * @param task the Metric task
 * @param setting the model's setting
 * @param method the model's method
 * @param seed the model's seed
 * @param lang the language evaluated
 * @param corpus the corpus
 * @param split the split
 * @param encoded the corpus's {@code encoded/} directory
 * @param checkpoints the checkpoints evaluated
 * @param labels the model's label list
 * @param sentences sentences scored
 * @param windows model windows tagged
 * @param words words scored
 * @param seconds tagging time
 * @param micro micro-averaged entity scores
 * @param macro macro-averaged entity scores
 * @param weighted support-weighted entity scores
 * @param perType entity scores per type
 * @param tokenAccuracy word-level tag accuracy
 * @param loss mean cross-entropy
 * @param falsePositives predicted chunks without an identical gold chunk
 * @param falseNegatives gold chunks without an identical predicted chunk
 * @param confusion the entity confusion
 * @param confusionTable the confusion as text
 * @param classificationReport seqeval's report as text
 * @param errors the error samples kept
 */
@JsonPropertyOrder({
  "runId",
  "model",
  "task",
  "setting",
  "method",
  "seed",
  "lang",
  "corpus",
  "split",
  "encoded",
  "checkpoints",
  "labels",
  "sentences",
  "windows",
  "words",
  "seconds",
  "micro",
  "macro",
  "weighted",
  "perType",
  "tokenAccuracy",
  "loss",
  "falsePositives",
  "falseNegatives",
  "confusion",
  "confusionTable",
  "classificationReport",
  "errors"
})
public record EvaluationResultJson(
    String runId,
    String model,
    String task,
    String setting,
    String method,
    long seed,
    String lang,
    String corpus,
    String split,
    String encoded,
    Checkpoints checkpoints,
    List<String> labels,
    long sentences,
    long windows,
    long words,
    double seconds,
    PrfScore micro,
    PrfScore macro,
    PrfScore weighted,
    Map<String, PrfScore> perType,
    double tokenAccuracy,
    double loss,
    long falsePositives,
    long falseNegatives,
    Confusion confusion,
    String confusionTable,
    String classificationReport,
    List<ErrorSample> errors) {

  /**
   * The checkpoints a model was loaded from.
   *
   * @param base the base checkpoint directory
   * @param peft the PEFT checkpoint directory, or null
   * @param kind the loaded checkpoint's kind
   */
  @JsonPropertyOrder({"base", "peft", "kind"})
  public record Checkpoints(String base, String peft, String kind) {}

  /**
   * Entity confusion: {gold type or O: {predicted type or O: count}} (no O/O cell), and
   * boundary-error counts per type.
   *
   * @param cells counts by gold, then predicted type
   * @param boundaryErrors per type
   */
  @JsonPropertyOrder({"cells", "boundaryErrors"})
  public record Confusion(
      Map<String, Map<String, Long>> cells, Map<String, Boundary> boundaryErrors) {

    /** The confusion of {@code c}, types in its order and O last. */
    public static Confusion of(EntityConfusion c) {
      List<String> labels = new ArrayList<>(c.types());
      labels.add(EntityConfusion.NONE);
      Map<String, Map<String, Long>> cells = new LinkedHashMap<>();
      for (String g : labels) {
        Map<String, Long> row = new LinkedHashMap<>();
        for (String p : labels) {
          if (!(g.equals(EntityConfusion.NONE) && p.equals(EntityConfusion.NONE))) {
            row.put(p, c.count(g, p));
          }
        }
        cells.put(g, row);
      }
      Map<String, Boundary> boundary = new LinkedHashMap<>();
      for (String t : c.types()) {
        boundary.put(t, new Boundary(c.missedWithBoundaryError(t), c.spuriousWithBoundaryError(t)));
      }
      return new Confusion(cells, boundary);
    }
  }

  /**
   * Boundary errors of a type.
   *
   * @param missed gold chunks missed whose span overlaps a prediction of the type
   * @param spurious predicted chunks whose span overlaps a gold chunk of the type
   */
  @JsonPropertyOrder({"missed", "spurious"})
  public record Boundary(long missed, long spurious) {}

  /** The result of an evaluation: the task, what was loaded, and the scores. */
  static EvaluationResultJson of(
      String runId,
      EvaluationTask task,
      String kind,
      List<String> labels,
      int windows,
      EvaluationScores.Scores scores,
      double loss,
      double seconds) {
    NerReport report = scores.report();
    return new EvaluationResultJson(
        runId,
        task.model(),
        task.metricTask(),
        task.setting(),
        task.method(),
        task.seed(),
        task.lang(),
        task.corpus(),
        task.split(),
        task.encodedDirectory(),
        new Checkpoints(task.baseCheckpoint(), task.peftCheckpoint(), kind),
        List.copyOf(labels),
        report.sentences(),
        windows,
        report.tokens(),
        seconds,
        report.micro(),
        report.macro(),
        report.weighted(),
        new LinkedHashMap<>(report.perType()),
        report.tokenAccuracy(),
        loss,
        scores.falsePositives(),
        scores.falseNegatives(),
        Confusion.of(scores.confusion()),
        scores.confusion().format(),
        report.format(4),
        List.copyOf(scores.errors()));
  }
}
