package dev.primer.finetune;

import dev.primer.learn.train.TagEvaluator;
import dev.primer.schemas.EncodedSentence;
import dev.primer.seqeval.NerReport;
import dev.primer.seqeval.NerScoreAccumulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * seqeval-identical entity scores of word-level predictions over whole sentences: the windows of a
 * sentence are put back together (in window order) before chunking, so an entity that crosses a
 * window boundary counts once, as seqeval on the original sentence would count it.
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
    if (windows.size() != gold.size() || windows.size() != predicted.size()) {
      throw new IllegalArgumentException(
          "need one gold and one predicted sequence per window: "
              + windows.size()
              + " windows, "
              + gold.size()
              + " gold, "
              + predicted.size()
              + " predicted");
    }
    Map<String, TreeMap<Integer, Integer>> bySentence = new LinkedHashMap<>();
    for (int i = 0; i < windows.size(); i++) {
      EncodedSentence w = windows.get(i);
      Integer previous =
          bySentence.computeIfAbsent(w.getSentenceId(), k -> new TreeMap<>()).put(w.getWindow(), i);
      if (previous != null) {
        throw new IllegalArgumentException(
            "window " + w.getWindow() + " of sentence " + w.getSentenceId() + " occurs twice");
      }
    }
    NerScoreAccumulator acc = new NerScoreAccumulator();
    for (TreeMap<Integer, Integer> sentence : bySentence.values()) {
      acc.add(concat(gold, sentence.values()), concat(predicted, sentence.values()), labels);
    }
    return acc.report();
  }

  private static int[] concat(List<int[]> parts, Iterable<Integer> indices) {
    List<int[]> chosen = new ArrayList<>();
    int n = 0;
    for (int i : indices) {
      chosen.add(parts.get(i));
      n += parts.get(i).length;
    }
    int[] out = new int[n];
    int at = 0;
    for (int[] p : chosen) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
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
