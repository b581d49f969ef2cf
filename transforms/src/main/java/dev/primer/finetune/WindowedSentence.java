package dev.primer.finetune;

import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One sentence put back together from its encoded windows: the indices of its windows in a list of
 * windows, in window order. The one place where word-level results per window are regrouped into
 * sentences, so that an entity crossing a window boundary counts once, as seqeval on the original
 * sentence would count it ({@link EntityScores} for fine-tuning's dev scores, {@code
 * evaluate.EvaluationScores} for the evaluate stage).
 *
 * @param sentenceId the sentence id the windows share
 * @param windowIndices indices into the window list, in ascending window number
 */
public record WindowedSentence(String sentenceId, List<Integer> windowIndices) {

  /** Copies the index list. */
  public WindowedSentence {
    windowIndices = List.copyOf(windowIndices);
  }

  /**
   * Groups windows by sentence, sentences in order of their first window.
   *
   * @param windows the windows, index-aligned with {@code gold} and {@code predicted}
   * @throws IllegalArgumentException when the lists differ in length or a sentence's window occurs
   *     twice
   */
  public static List<WindowedSentence> group(
      List<EncodedSentence> windows, List<int[]> gold, List<int[]> predicted) {
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
    List<WindowedSentence> out = new ArrayList<>(bySentence.size());
    bySentence.forEach(
        (id, byWindow) -> out.add(new WindowedSentence(id, new ArrayList<>(byWindow.values()))));
    return out;
  }

  /**
   * This sentence's part of a per-window list ({@code perWindow[i]} for each of its windows),
   * joined.
   */
  public int[] concat(List<int[]> perWindow) {
    int n = 0;
    for (int i : windowIndices) {
      n += perWindow.get(i).length;
    }
    int[] out = new int[n];
    int at = 0;
    for (int i : windowIndices) {
      int[] p = perWindow.get(i);
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
