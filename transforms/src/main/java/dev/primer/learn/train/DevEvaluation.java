package dev.primer.learn.train;

/** Scores the current parameters on a dev set (higher is better), plus its mean loss. */
@FunctionalInterface
public interface DevEvaluation {

  /** Score and loss of the current parameters. */
  Result evaluate();

  /**
   * Result of an evaluation.
   *
   * @param name name of the score
   * @param score higher is better
   * @param loss mean dev loss
   */
  record Result(String name, double score, double loss) {}
}
