package dev.primer.learn.train;

import java.util.List;

/** Share of words whose predicted tag equals the gold tag. */
public final class TokenAccuracyEvaluator implements TagEvaluator {

  @Override
  public double score(List<int[]> gold, List<int[]> predicted) {
    if (gold.size() != predicted.size()) {
      throw new IllegalArgumentException(
          gold.size() + " gold sequences but " + predicted.size() + " predicted");
    }
    long correct = 0;
    long total = 0;
    for (int i = 0; i < gold.size(); i++) {
      int[] g = gold.get(i);
      int[] p = predicted.get(i);
      if (g.length != p.length) {
        throw new IllegalArgumentException(
            "sequence " + i + ": " + g.length + " gold tags but " + p.length + " predicted");
      }
      for (int j = 0; j < g.length; j++) {
        if (g[j] == p[j]) {
          correct++;
        }
      }
      total += g.length;
    }
    return total == 0 ? 0 : (double) correct / total;
  }

  @Override
  public String name() {
    return "token_accuracy";
  }
}
