package dev.primer.learn.train;

import java.util.List;

/**
 * Scores predicted word-level tag sequences against gold ones (higher is better). Sequences are tag
 * ids, one per word, index-aligned: {@code gold.get(i)} and {@code predicted.get(i)} belong to the
 * same sentence window and have the same length. A seqeval-style entity F1 implements this with the
 * label list of the encode manifest.
 */
@FunctionalInterface
public interface TagEvaluator {

  /**
   * Scores predictions.
   *
   * @param gold gold tag ids per sentence
   * @param predicted predicted tag ids per sentence
   * @return the score, higher is better
   */
  double score(List<int[]> gold, List<int[]> predicted);

  /** Name used in logs and metrics. */
  default String name() {
    return "score";
  }
}
