package dev.primer.evaluate;

import dev.primer.finetune.WindowedSentence;
import dev.primer.schemas.EncodedSentence;
import dev.primer.seqeval.EntityConfusion;
import dev.primer.seqeval.EntitySpan;
import dev.primer.seqeval.IobChunker;
import dev.primer.seqeval.NerReport;
import dev.primer.seqeval.NerScoreAccumulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores tagged sentences as the {@code evaluate} stage reports them: seqeval-identical precision,
 * recall and F1 (micro, per type, with support), the entity-type confusion table, the number of
 * false positives and negatives, and the first {@code maxErrors} of those errors in the order the
 * sentences were added (deterministic). No model and no Beam: the predictions are given.
 */
public final class EvaluationScores {

  /**
   * What scoring produced.
   *
   * @param report seqeval micro/macro/weighted and per-type scores
   * @param confusion entity-type confusion table
   * @param falsePositives predicted chunks without an identical gold chunk
   * @param falseNegatives gold chunks without an identical predicted chunk
   * @param errors the first errors (at most the configured number)
   */
  public record Scores(
      NerReport report,
      EntityConfusion confusion,
      long falsePositives,
      long falseNegatives,
      List<ErrorSample> errors) {}

  private final int maxErrors;
  private final NerScoreAccumulator accumulator = new NerScoreAccumulator();
  private final EntityConfusion confusion = new EntityConfusion();
  private final List<ErrorSample> errors = new ArrayList<>();
  private long falsePositives;
  private long falseNegatives;

  /** Scores keeping at most {@code maxErrors} error samples. */
  public EvaluationScores(int maxErrors) {
    if (maxErrors < 0) {
      throw new IllegalArgumentException("maxErrors must be >= 0, got " + maxErrors);
    }
    this.maxErrors = maxErrors;
  }

  /**
   * Adds one whole sentence.
   *
   * @param sentenceId its id (for the error samples)
   * @param words its words, or {@code null} when unknown
   * @param gold gold IOB2 tags, one per word
   * @param predicted predicted IOB2 tags, one per word
   * @return this
   * @throws IllegalArgumentException when the lengths differ or a tag is invalid
   */
  public EvaluationScores add(
      String sentenceId, List<String> words, List<String> gold, List<String> predicted) {
    if (words != null && words.size() != gold.size()) {
      throw new IllegalArgumentException(
          "sentence "
              + sentenceId
              + " has "
              + words.size()
              + " words but "
              + gold.size()
              + " gold tags");
    }
    accumulator.add(gold, predicted);
    confusion.add(gold, predicted);
    Set<EntitySpan> goldSpans = new HashSet<>(IobChunker.chunks(gold));
    Set<EntitySpan> predictedSpans = new HashSet<>(IobChunker.chunks(predicted));
    for (EntitySpan p : IobChunker.chunks(predicted)) {
      if (!goldSpans.contains(p)) {
        falsePositives++;
        sample(ErrorSample.FALSE_POSITIVE, sentenceId, p, words, gold, predicted);
      }
    }
    for (EntitySpan g : IobChunker.chunks(gold)) {
      if (!predictedSpans.contains(g)) {
        falseNegatives++;
        sample(ErrorSample.FALSE_NEGATIVE, sentenceId, g, words, gold, predicted);
      }
    }
    return this;
  }

  private void sample(
      String kind,
      String sentenceId,
      EntitySpan span,
      List<String> words,
      List<String> gold,
      List<String> predicted) {
    if (errors.size() >= maxErrors) {
      return;
    }
    String text =
        words == null ? null : String.join(" ", words.subList(span.start(), span.end() + 1));
    errors.add(
        new ErrorSample(
            kind,
            sentenceId,
            span.type(),
            span.start(),
            span.end(),
            text,
            words == null ? null : List.copyOf(words),
            List.copyOf(gold),
            List.copyOf(predicted)));
  }

  /** The scores of the sentences added so far. */
  public Scores scores() {
    return new Scores(
        accumulator.report(), confusion, falsePositives, falseNegatives, List.copyOf(errors));
  }

  /**
   * Scores word-level predictions of encoded windows: the windows of a sentence are put back
   * together in window order before chunking (by {@link WindowedSentence}, as {@code finetune}'s
   * dev scores are), so an entity crossing a window boundary counts once. Gold ids index {@code
   * goldLabels} (the corpus's label list), predicted ids index {@code predictedLabels} (the
   * model's), so a model may be scored on a corpus encoded with another label order.
   *
   * @param windows the windows, index-aligned with {@code gold} and {@code predicted}
   * @param gold gold tag ids per window
   * @param predicted predicted tag ids per window
   * @param goldLabels labels of the gold ids
   * @param predictedLabels labels of the predicted ids
   * @param words words per sentence id (may be empty or lack sentences)
   * @param maxErrors error samples to keep
   */
  public static Scores ofWindows(
      List<EncodedSentence> windows,
      List<int[]> gold,
      List<int[]> predicted,
      List<String> goldLabels,
      List<String> predictedLabels,
      Map<String, List<String>> words,
      int maxErrors) {
    EvaluationScores scores = new EvaluationScores(maxErrors);
    for (WindowedSentence sentence : WindowedSentence.group(windows, gold, predicted)) {
      List<String> g = tags(sentence.concat(gold), goldLabels);
      List<String> p = tags(sentence.concat(predicted), predictedLabels);
      List<String> w = words.get(sentence.sentenceId());
      scores.add(sentence.sentenceId(), w != null && w.size() == g.size() ? w : null, g, p);
    }
    return scores.scores();
  }

  private static List<String> tags(int[] ids, List<String> labels) {
    List<String> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      if (id < 0 || id >= labels.size()) {
        throw new IllegalArgumentException(
            "tag id " + id + " is out of the label list 0.." + (labels.size() - 1));
      }
      out.add(labels.get(id));
    }
    return out;
  }
}
