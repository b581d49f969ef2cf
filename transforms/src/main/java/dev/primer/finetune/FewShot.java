package dev.primer.finetune;

import dev.primer.learn.util.Seeds;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The seeded few-shot subset of a train split: {@code n} whole sentences (all windows of each),
 * drawn from the sentence ids in sorted order with a generator seeded by the task seed only, so
 * every setting and method of one seed sees the same sentences (paired comparisons).
 */
public final class FewShot {

  private FewShot() {}

  /**
   * Selects the subset.
   *
   * @param train the train split (any order)
   * @param n sentences wanted; 0 or at least the number of sentences keeps everything
   * @param seed the task seed
   * @return the chosen windows, ordered by sentence id and window
   */
  public static List<EncodedSentence> select(List<EncodedSentence> train, int n, long seed) {
    Map<String, List<EncodedSentence>> bySentence = new LinkedHashMap<>();
    for (EncodedSentence s : EncodedData.sorted(train)) {
      bySentence.computeIfAbsent(s.getSentenceId(), k -> new ArrayList<>()).add(s);
    }
    if (n <= 0 || n >= bySentence.size()) {
      return EncodedData.sorted(train);
    }
    List<String> ids = new ArrayList<>(bySentence.keySet());
    SplittableRandom random = new SplittableRandom(Seeds.fewShotSubset(seed));
    for (int i = ids.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String tmp = ids.get(i);
      ids.set(i, ids.get(j));
      ids.set(j, tmp);
    }
    List<EncodedSentence> out = new ArrayList<>();
    for (String id : new TreeSet<>(ids.subList(0, n))) {
      out.addAll(bySentence.get(id));
    }
    return out;
  }

  /** Number of distinct sentences (not windows) in {@code windows}. */
  public static int sentences(List<EncodedSentence> windows) {
    return (int) windows.stream().map(EncodedSentence::getSentenceId).distinct().count();
  }
}
