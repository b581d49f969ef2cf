package dev.primer.learn.train;

import java.util.Collections;
import java.util.List;

/** Word-level gold and predicted tags of a data set, with its score and mean loss. */
public final class TaggingEvaluation {

  private final List<int[]> gold;
  private final List<int[]> predicted;
  private final double score;
  private final double loss;

  TaggingEvaluation(List<int[]> gold, List<int[]> predicted, double score, double loss) {
    this.gold = Collections.unmodifiableList(gold);
    this.predicted = Collections.unmodifiableList(predicted);
    this.score = score;
    this.loss = loss;
  }

  /** Gold tag ids per sentence, in input order. */
  public List<int[]> gold() {
    return gold;
  }

  /** Predicted tag ids per sentence, in input order. */
  public List<int[]> predicted() {
    return predicted;
  }

  /** The evaluator's score. */
  public double score() {
    return score;
  }

  /** Mean cross-entropy over labelled subwords. */
  public double loss() {
    return loss;
  }
}
