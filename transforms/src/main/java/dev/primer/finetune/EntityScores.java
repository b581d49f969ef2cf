package dev.primer.finetune;

import dev.primer.learn.train.TagEvaluator;
import dev.primer.schemas.EncodedSentence;
import dev.primer.seqeval.NerReport;
import dev.primer.seqeval.NerScoreAccumulator;
import java.util.List;

/**
 * seqeval-identical entity scores of word-level predictions over whole sentences: the windows of a
 * sentence are put back together (in window order, by {@link WindowedSentence}) before chunking, so
 * an entity that crosses a window boundary counts once, as seqeval on the original sentence would
 * count it.
 */
public final class EntityScores {

  private EntityScores() {}

  /**
   * Scores predictions.
   *
   * @param windows the evaluated windows, index-aligned with {@code gold} and {@code predicted}
   * @param gold gold tag ids per window (one per word)
   * @param predicted predicted tag ids per window
   * @param labels the label list the ids index
   * @return the report (micro/macro/weighted and per type)
   */
  public static NerReport report(
      List<EncodedSentence> windows, List<int[]> gold, List<int[]> predicted, List<String> labels) {
    NerScoreAccumulator acc = new NerScoreAccumulator();
    for (WindowedSentence sentence : WindowedSentence.group(windows, gold, predicted)) {
      acc.add(sentence.concat(gold), sentence.concat(predicted), labels);
    }
    return acc.report();
  }

  /**
   * A dev-set evaluator for the trainer: micro entity F1 over {@code windows}, which must be the
   * dev set handed to the trainer (in the same order).
   */
  public static TagEvaluator microF1(List<EncodedSentence> windows, List<String> labels) {
    List<EncodedSentence> fixed = List.copyOf(windows);
    List<String> labelList = List.copyOf(labels);
    return new TagEvaluator() {
      @Override
      public double score(List<int[]> gold, List<int[]> predicted) {
        return report(fixed, gold, predicted, labelList).micro().f1();
      }

      @Override
      public String name() {
        return "f1";
      }
    };
  }
}
